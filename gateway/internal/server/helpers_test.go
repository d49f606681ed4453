package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/grpc"

	"github.com/liaisonhq/liaison/gateway/internal/devauth"
)

// unusedAddr returns a local address nothing listens on: a port the kernel
// handed out and that was closed again.
func unusedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// startGateway serves the gateway's handler in front of the services at
// policyAddr and consentAddr (one backend may serve both), with the dev
// identity when issuer is not nil.
func startGateway(t *testing.T, policyAddr, consentAddr string, issuer *devauth.Issuer) *httptest.Server {
	t.Helper()
	h, err := newHandler(context.Background(), services{policy: dialTest(t, policyAddr), consent: dialTest(t, consentAddr)},
		issuer, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	gw := httptest.NewServer(h)
	t.Cleanup(gw.Close)
	return gw
}

func dialTest(t *testing.T, addr string) *grpc.ClientConn {
	t.Helper()
	conn, err := dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// noRedirects is the tests' HTTP client. It never follows a redirect: the
// tests check the gateway's own answer, and the target may not exist.
var noRedirects = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// do sends a request and returns the response with its body read.
func do(t *testing.T, method, url, body string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// apiError is a JSON error body: a google.rpc.Status with its details.
type apiError struct {
	Code    int              `json:"code"`
	Message string           `json:"message"`
	Details []map[string]any `json:"details"`
}

// parseError reads a JSON error body and returns its gRPC code, the reason of
// its ErrorInfo and the field its BadRequest names (empty when absent).
func parseError(t *testing.T, body []byte) (code int, reason, field string) {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %s: %v", body, err)
	}
	for _, d := range e.Details {
		switch d["@type"] {
		case "type.googleapis.com/google.rpc.ErrorInfo":
			reason, _ = d["reason"].(string)
		case "type.googleapis.com/google.rpc.BadRequest":
			if v, _ := d["fieldViolations"].([]any); len(v) > 0 {
				field, _ = v[0].(map[string]any)["field"].(string)
			}
		}
	}
	return e.Code, reason, field
}
