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
		{"DELETE", "/healthz", "GET, HEAD"},
		{"GET", "/dev/token", "POST"},
		{"DELETE", "/v1/tenants", "POST"},
		{"PUT", "/v1/tenants/contoso", "GET, HEAD"},
		{"PUT", "/v1/tenants/contoso/users/alice", "GET, HEAD, PATCH, DELETE"},
		{"PUT", "/v1/me/linkedinConnection", "GET, HEAD, PATCH"},
		{"HEAD", "/dev/token", "POST"},
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
		if c.method == "HEAD" {
			continue // no body
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

// HEAD is answered wherever GET is, with GET's status and headers and no
// body, the gateway's routes and the API's alike.
func TestHeadIsAnsweredWhereGetIs(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, newIssuer(t))
	for _, path := range []string{"/healthz", "/openapi.json", "/v1/tenants/contoso"} {
		get, _ := apitest.Do(t, "GET", gw.URL+path, "", nil)
		head, body := apitest.Do(t, "HEAD", gw.URL+path, "", nil)
		if head.StatusCode != get.StatusCode || len(body) != 0 || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
			t.Errorf("HEAD %s: status %d, %d body bytes, Content-Type %q; GET: %d, %q",
				path, head.StatusCode, len(body), head.Header.Get("Content-Type"), get.StatusCode, get.Header.Get("Content-Type"))
		}
	}
}
