package server

import (
	"net/http"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// A 405 says which methods the path takes (RFC 9110: Allow), as the mux
// routes them, the API routes and the gateway's own alike; finding them
// calls no service, policy or consent.
func TestMethodNotAllowedListsTheAllowedMethods(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, newIssuer(t))
	for _, c := range []struct{ method, path, allow string }{
		{"DELETE", "/healthz", "GET"},
		{"GET", "/dev/token", "POST"},
		{"DELETE", "/v1/tenants", "POST"},
		{"PUT", "/v1/tenants/contoso", "GET"},
		{"PUT", "/v1/tenants/contoso/users/alice", "GET, PATCH, DELETE"},
		{"PUT", "/v1/me/linkedinConnection", "GET, PATCH"},
		{"GET", "/v1/tenants/contoso/linkedinSettings:preview", "POST"},
	} {
		resp, body := apitest.Do(t, c.method, gw.URL+c.path, "", nil)
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: status %d, want 405 (body %s)", c.method, c.path, resp.StatusCode, body)
			continue
		}
		if got := resp.Header.Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, got, c.allow)
		}
		if code, reason, _ := apitest.ParseError(t, body); code != 12 || reason != "ROUTE_NOT_FOUND" {
			t.Errorf("%s %s: body %s", c.method, c.path, body)
		}
	}
	// The backend serves policy and consent (unimplemented, but seen), so a
	// probe that reached either service shows.
	if calls := b.calls(); len(calls) > 0 {
		t.Errorf("finding the allowed methods called the services: %v", calls)
	}
}
