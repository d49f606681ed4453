package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// Whatever address the gateway binds, only a client on this host may mint
// a dev token: a request from another address, relayed by a proxy on this
// host, or addressed to a name other than a loopback one (DNS rebinding: a
// web page whose host name resolves to 127.0.0.1) is refused with 403
// saying why.
func TestDevTokenIsForLoopbackClientsOnly(t *testing.T) {
	for _, c := range []struct {
		remote, host string
		header       string // one more header, "Name: value"
		want         int
		why          string // what the refusal says
	}{
		{"127.0.0.1:5000", "127.0.0.1:8080", "", http.StatusOK, ""},
		{"[::1]:5000", "[::1]:8080", "", http.StatusOK, ""},
		{"[::ffff:127.0.0.1]:5000", "localhost:8080", "", http.StatusOK, ""},
		{"127.0.0.1:5000", "localhost", "", http.StatusOK, ""},
		{"127.0.0.1:5000", "LocalHost:8080", "", http.StatusOK, ""},
		{"127.0.0.1:5000", "127.0.0.1", "", http.StatusOK, ""},
		{"127.0.0.1:5000", "[::1]", "", http.StatusOK, ""},
		{"192.0.2.7:5000", "localhost:8080", "", http.StatusForbidden, "another address"},
		{"[2001:db8::1]:5000", "localhost:8080", "", http.StatusForbidden, "another address"},
		{"10.1.2.3:5000", "localhost:8080", "", http.StatusForbidden, "another address"},
		{"127.0.0.1:5000", "localhost:8080", "X-Forwarded-For: 203.0.113.9", http.StatusForbidden, "proxy (X-Forwarded-For)"},
		{"127.0.0.1:5000", "localhost:8080", "Via: 1.1 proxy", http.StatusForbidden, "proxy (Via)"},
		{"127.0.0.1:5000", "localhost:8080", "X-Forwarded-Host: localhost:8080", http.StatusForbidden, "proxy (X-Forwarded-Host)"},
		{"127.0.0.1:5000", "localhost:8080", "X-Forwarded-Proto: http", http.StatusForbidden, "proxy (X-Forwarded-Proto)"},
		{"127.0.0.1:5000", "localhost:8080", "X-Forwarded-For: ", http.StatusForbidden, "proxy (X-Forwarded-For)"},
		{"127.0.0.1:5000", "localhost:8080", "X-Client-Ip: 203.0.113.9", http.StatusForbidden, "proxy (X-Client-Ip)"},
		{"127.0.0.1:5000", "localhost:8080", "True-Client-Ip: 203.0.113.9", http.StatusForbidden, "proxy (True-Client-Ip)"},
		{"127.0.0.1:5000", "localhost:8080", "Cf-Connecting-Ip: 203.0.113.9", http.StatusForbidden, "proxy (Cf-Connecting-Ip)"},
		{"127.0.0.1:5000", "localhost:8080", "X-Forwarded-Server: proxy", http.StatusForbidden, "proxy (X-Forwarded-Server)"},
		{"127.0.0.1:5000", "localhost:8080", "X-Forwarded: for=203.0.113.9", http.StatusForbidden, "proxy (X-Forwarded)"},
		{"127.0.0.1:5000", "localhost:8080", "Forwarded-For: 203.0.113.9", http.StatusForbidden, "proxy (Forwarded-For)"},
		{"127.0.0.1:5000", "rebind.attacker.example:8080", "", http.StatusForbidden, "Host"},
		{"127.0.0.1:5000", "localhost.attacker.example", "", http.StatusForbidden, "Host"},
		{"127.0.0.1:5000", "127.0.0.2:8080", "", http.StatusForbidden, "Host"},
		{"127.0.0.1:5000", "0.0.0.0:8080", "", http.StatusForbidden, "Host"},
		{"127.0.0.1:5000", "", "", http.StatusForbidden, "Host"},
	} {
		rec := sendTokenRequest(t, c.remote, c.host, c.header, "application/json")
		if rec.Code != c.want {
			t.Errorf("from %s to %q (%s): status %d, want %d (body %s)", c.remote, c.host, c.header, rec.Code, c.want, rec.Body)
			continue
		}
		if c.want != http.StatusForbidden {
			continue
		}
		if code, _, _ := apitest.ParseError(t, rec.Body.Bytes()); code != 7 || !strings.Contains(rec.Body.String(), c.why) {
			t.Errorf("from %s to %q (%s): body %s, want PermissionDenied saying %q", c.remote, c.host, c.header, rec.Body, c.why)
		}
	}
}

// A token request must say its body is JSON. A browser posts across sites
// without asking first only as text/plain or a form, so a page on any site
// cannot mint a token from the developer's browser: 415 otherwise.
func TestDevTokenTakesJSONOnly(t *testing.T) {
	for _, c := range []struct {
		contentType string
		want        int
	}{
		{"application/json", http.StatusOK},
		{"application/json; charset=utf-8", http.StatusOK},
		{"Application/JSON", http.StatusOK},
		{"", http.StatusUnsupportedMediaType},
		{"text/plain", http.StatusUnsupportedMediaType},
		{"text/plain; charset=utf-8", http.StatusUnsupportedMediaType},
		{"application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
		{"multipart/form-data; boundary=x", http.StatusUnsupportedMediaType},
		{"application/jsonp", http.StatusUnsupportedMediaType},
		{"application/json-patch+json", http.StatusUnsupportedMediaType},
		{"application/json, text/plain", http.StatusUnsupportedMediaType},
	} {
		rec := sendTokenRequest(t, "127.0.0.1:5000", "localhost:8080", "", c.contentType)
		if rec.Code != c.want {
			t.Errorf("Content-Type %q: status %d, want %d (body %s)", c.contentType, rec.Code, c.want, rec.Body)
			continue
		}
		if c.want == http.StatusOK {
			continue
		}
		if code, _, field := apitest.ParseError(t, rec.Body.Bytes()); code != 3 || field != "Content-Type" || !strings.Contains(rec.Body.String(), "application/json") {
			t.Errorf("Content-Type %q: body %s, want InvalidArgument naming Content-Type and application/json", c.contentType, rec.Body)
		}
	}
}

// sendTokenRequest posts a valid token request from remote to host, with
// header ("Name: value") when not empty and the content type when not
// empty, and returns the recorder.
func sendTokenRequest(t *testing.T, remote, host, header, contentType string) *httptest.ResponseRecorder {
	t.Helper()
	unused := apitest.UnusedAddr(t)
	h := testHandler(t, testSettings(), everyBackendAt(unused), newIssuer(t))
	req := httptest.NewRequest("POST", "/dev/token", strings.NewReader(`{"tenant":"contoso","user":"alice"}`))
	req.RemoteAddr, req.Host = remote, host
	if name, value, ok := strings.Cut(header, ": "); ok {
		req.Header.Set(name, value)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// A token request over the route's limit is 413, as for the API routes,
// wherever its bytes are: white space after the object counts too.
func TestDevTokenBodyOverItsLimitIs413(t *testing.T) {
	gw := startGateway(t, apitest.UnusedAddr(t), apitest.UnusedAddr(t), newIssuer(t))
	for name, body := range map[string]string{
		"a long user":                `{"tenant":"contoso","user":"` + strings.Repeat("a", 100<<10) + `"}`,
		"white space after the body": `{"tenant":"contoso","user":"alice"}` + strings.Repeat(" ", 200_000),
	} {
		resp, got := apitest.Do(t, "POST", gw.URL+"/dev/token", body, asJSON)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: status %d, want 413 (body %.300s)", name, resp.StatusCode, got)
			continue
		}
		if code, reason, field := apitest.ParseError(t, got); code != 3 || reason != "FIELD_INVALID" || field != "body" {
			t.Errorf("%s: error body %.300s", name, got)
		}
	}
}

// A token request the JSON decoder refuses names the field as the client
// wrote it and the rule, never Go's names for them.
func TestDevTokenRefusalsNameTheJSONField(t *testing.T) {
	gw := startGateway(t, apitest.UnusedAddr(t), apitest.UnusedAddr(t), newIssuer(t))
	for body, want := range map[string]struct{ field, rule string }{
		`{"tenant":"contoso","user":"a","roles":"Operator"}`: {"roles", "an array of strings"},
		`{"tenant":7,"user":"a"}`:                            {"tenant", "a string"},
		`{"tenant":"contoso","user":"a","extra":1}`:          {"extra", "not a field"},
		`{"tenant":"contoso"`:                                {"body", "not valid JSON"},
		`null x`:                                             {"body", "data after its JSON value"},
		`{"tenant":"contoso","user":"a"} {}`:                 {"body", "data after its JSON value"},
		`[1]`:                                                {"body", "a JSON object"},
		``:                                                   {"body", "a JSON object"},
	} {
		resp, got := apitest.Do(t, "POST", gw.URL+"/dev/token", body, asJSON)
		_, _, field := apitest.ParseError(t, got)
		if resp.StatusCode != http.StatusBadRequest || field != want.field || !strings.Contains(string(got), want.rule) ||
			strings.Contains(string(got), "TokenRequest") || strings.Contains(string(got), "json:") {
			t.Errorf("body %q: status %d, %s; want 400 naming %s, saying %q", body, resp.StatusCode, got, want.field, want.rule)
		}
	}
}
