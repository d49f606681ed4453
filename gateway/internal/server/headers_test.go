package server

import (
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// Answers hold directory and consent data: no cache may keep them, and no
// browser may sniff them into something it runs.
func TestEveryAnswerForbidsCachingAndSniffing(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, newIssuer(t))
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/v1/tenants/contoso", ""}, // a service's answer
		{"GET", "/v1/tenants/nobody", ""},  // a service's error
		{"GET", "/no/such/path", ""},       // a routing error
		{"POST", "/v1/tenants", `{"id": `}, // a decoding error
		{"GET", "/openapi.json", ""},       // the gateway's own routes
		{"GET", "/readyz", ""},
		{"POST", "/dev/token", `{"user": "ops", "roles": ["Operator"]}`},
	} {
		resp, _ := apitest.Do(t, c.method, gw.URL+c.path, c.body, asJSON)
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s %s (%d): Cache-Control %q, want no-store", c.method, c.path, resp.StatusCode, got)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s %s (%d): X-Content-Type-Options %q, want nosniff", c.method, c.path, resp.StatusCode, got)
		}
	}
}
