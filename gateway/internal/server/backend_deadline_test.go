package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// answerBound is how long a test waits for the gateway's answer before it
// calls the request hung: far longer than any deadline the tests set, far
// shorter than the HTTP write timeout.
const answerBound = 20 * time.Second

// stalledPolicy is a PolicyService that takes every call and never answers it.
type stalledPolicy struct {
	policyv1.UnimplementedPolicyServiceServer
}

func (stalledPolicy) GetTenant(ctx context.Context, _ *policyv1.GetTenantRequest) (*policyv1.GetTenantResponse, error) {
	<-ctx.Done() // the caller gave up, or the test ended
	return nil, ctx.Err()
}

// frozenAddr is a service as SIGSTOP leaves it: the kernel accepts TCP
// connections, and nothing ever reads or answers them.
func frozenAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// getWithin sends GET url and fails the test if no answer comes within
// answerBound.
func getWithin(t *testing.T, url string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	client := &http.Client{Timeout: answerBound}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("no answer within %s: %v", answerBound, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// want504 checks the answer to a call that ran out of time: 504 with the
// usual JSON error, which names no internal address.
func want504(t *testing.T, resp *http.Response, body []byte, backendAddr string) {
	t.Helper()
	if resp.StatusCode != http.StatusGatewayTimeout {
		t.Fatalf("status %d, want 504 (body %s)", resp.StatusCode, body)
	}
	if code, reason, _ := apitest.ParseError(t, body); code != 4 || reason != "DEPENDENCY_UNAVAILABLE" {
		t.Errorf("error body %s: code %d, reason %q; want 4 (DeadlineExceeded), DEPENDENCY_UNAVAILABLE", body, code, reason)
	}
	if strings.Contains(string(body), backendAddr) {
		t.Errorf("the error shows the service's address: %s", body)
	}
}

func TestCallToAServiceThatNeverAnswersIs504(t *testing.T) {
	backend := apitest.ServeGRPC(t, func(srv *grpc.Server) {
		policyv1.RegisterPolicyServiceServer(srv, stalledPolicy{})
	})
	addr := serveWith(t, backend, func(s *Settings) { s.Limits.BackendTimeout = 300 * time.Millisecond })
	resp, body := getWithin(t, "http://"+addr+"/v1/tenants/contoso", nil)
	want504(t, resp, body, backend)
}

func TestCallToAFrozenServiceIs504(t *testing.T) {
	backend := frozenAddr(t)
	addr := serveWith(t, backend, func(s *Settings) { s.Limits.BackendTimeout = 300 * time.Millisecond })
	resp, body := getWithin(t, "http://"+addr+"/v1/tenants/contoso", nil)
	want504(t, resp, body, backend)
}

// A client that asks for less time (grpc-gateway's Grpc-Timeout header)
// gets its 504 at its own deadline, not the gateway's.
func TestAnEarlierClientDeadlineWins(t *testing.T) {
	backend := apitest.ServeGRPC(t, func(srv *grpc.Server) {
		policyv1.RegisterPolicyServiceServer(srv, stalledPolicy{})
	})
	addr := serveWith(t, backend, func(s *Settings) { s.Limits.BackendTimeout = time.Minute })
	resp, body := getWithin(t, "http://"+addr+"/v1/tenants/contoso", http.Header{"Grpc-Timeout": {"300m"}})
	want504(t, resp, body, backend)
}
