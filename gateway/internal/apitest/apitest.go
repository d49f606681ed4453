// Package apitest helps the gateway's tests drive its HTTP API: requests
// that never follow redirects, JSON error bodies taken apart, fake gRPC
// services on random ports.
package apitest

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// NoRedirects is the tests' HTTP client. It never follows a redirect: the
// tests check the gateway's own answer, and the target may not exist.
var NoRedirects = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// Do sends a request and returns the response with its body read.
func Do(t testing.TB, method, url, body string, header http.Header) (*http.Response, []byte) {
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
	resp, err := NoRedirects.Do(req)
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

// Error is a JSON error body: a google.rpc.Status with its details.
type Error struct {
	Code    int              `json:"code"`
	Message string           `json:"message"`
	Details []map[string]any `json:"details"`
}

// ParseError reads a JSON error body and returns its gRPC code, the reason of
// its ErrorInfo and the field its BadRequest names (empty when absent).
func ParseError(t testing.TB, body []byte) (code int, reason, field string) {
	t.Helper()
	var e Error
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

// ServeGRPC serves the services register adds, with the server options,
// on a random local port until the test ends, and returns its address.
func ServeGRPC(t testing.TB, register func(*grpc.Server), opts ...grpc.ServerOption) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(opts...)
	register(srv)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	return ln.Addr().String()
}

// Dial connects to a fake service until the test ends.
func Dial(t testing.TB, addr string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// UnusedAddr returns a local address nothing listens on: a port the kernel
// handed out and that was closed again.
func UnusedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
