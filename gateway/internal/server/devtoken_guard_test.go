package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// Whatever address the gateway binds, only a client on this host may mint
// a dev token: a request from another address, or relayed by a proxy on
// this host, is refused with 403 saying why.
func TestDevTokenIsForLoopbackClientsOnly(t *testing.T) {
	unused := apitest.UnusedAddr(t)
	h := testHandler(t, testSettings(), map[string]string{"policy": unused, "consent": unused}, newIssuer(t))
	const body = `{"tenant":"contoso","user":"alice"}`
	for _, c := range []struct {
		remote    string
		forwarded string
		want      int
	}{
		{"127.0.0.1:5000", "", http.StatusOK},
		{"[::1]:5000", "", http.StatusOK},
		{"[::ffff:127.0.0.1]:5000", "", http.StatusOK},
		{"192.0.2.7:5000", "", http.StatusForbidden},
		{"[2001:db8::1]:5000", "", http.StatusForbidden},
		{"10.1.2.3:5000", "", http.StatusForbidden},
		{"127.0.0.1:5000", "203.0.113.9", http.StatusForbidden}, // a proxy on this host
	} {
		req := httptest.NewRequest("POST", "/dev/token", strings.NewReader(body))
		req.RemoteAddr = c.remote
		if c.forwarded != "" {
			req.Header.Set("X-Forwarded-For", c.forwarded)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("from %s (forwarded for %q): status %d, want %d (body %s)", c.remote, c.forwarded, rec.Code, c.want, rec.Body)
			continue
		}
		if c.want != http.StatusForbidden {
			continue
		}
		if code, _, _ := apitest.ParseError(t, rec.Body.Bytes()); code != 7 || !strings.Contains(rec.Body.String(), "loopback") {
			t.Errorf("from %s: body %s, want PermissionDenied saying only loopback clients may", c.remote, rec.Body)
		}
	}
}

// A token request over the route's limit is 413, as for the API routes.
func TestDevTokenBodyOverItsLimitIs413(t *testing.T) {
	gw := startGateway(t, apitest.UnusedAddr(t), apitest.UnusedAddr(t), newIssuer(t))
	body := `{"tenant":"contoso","user":"` + strings.Repeat("a", 100<<10) + `"}`
	resp, got := apitest.Do(t, "POST", gw.URL+"/dev/token", body, nil)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413 (body %.300s)", resp.StatusCode, got)
	}
	if code, reason, field := apitest.ParseError(t, got); code != 3 || reason != "FIELD_INVALID" || field != "body" {
		t.Errorf("error body %.300s", got)
	}
}
