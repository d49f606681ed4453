package console

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// api stands for the JSON API behind the console: it answers 418, so a test
// sees which requests reached it.
var api = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })

func serve(t *testing.T, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestServesTheConsoleAndPassesTheRestToTheAPI(t *testing.T) {
	h, err := New(DefaultSettings(), true, api)
	if err != nil {
		t.Fatal(err)
	}
	// The provider and LinkedIn send the browser back to / with a query.
	page := serve(t, h, "GET", "/?linkedin=connected")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `<div id="app">`) ||
		page.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET / = %d %q %q", page.Code, page.Header().Get("Content-Type"), page.Body.String())
	}
	policy := page.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "connect-src 'self'"} {
		if !strings.Contains(policy, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", policy, want)
		}
	}
	if page.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}

	script := serve(t, h, "GET", "/console/app.js")
	etag := script.Header().Get("ETag")
	if script.Code != http.StatusOK || script.Body.Len() == 0 || etag == "" || !strings.HasPrefix(script.Header().Get("Content-Type"), "text/javascript") {
		t.Fatalf("GET /console/app.js = %d, %d bytes, etag %q", script.Code, script.Body.Len(), etag)
	}
	if again := serve(t, h, "GET", "/console/app.js", "If-None-Match", etag); again.Code != http.StatusNotModified {
		t.Errorf("a revalidation with the etag answered %d, want 304", again.Code)
	}
	zipped := serve(t, h, "GET", "/console/app.js", "Accept-Encoding", "gzip, deflate, br")
	if zipped.Header().Get("Content-Encoding") != "gzip" || zipped.Body.Len() >= script.Body.Len() || zipped.Header().Get("ETag") == etag {
		t.Errorf("gzip asked: encoding %q, %d bytes of %d, etag %q", zipped.Header().Get("Content-Encoding"), zipped.Body.Len(), script.Body.Len(), zipped.Header().Get("ETag"))
	} else if plain, err := gunzip(zipped.Body.Bytes()); err != nil || !bytes.Equal(plain, script.Body.Bytes()) {
		t.Errorf("the gzipped script does not unzip to the script: %v", err)
	}
	if refused := serve(t, h, "GET", "/console/app.js", "Accept-Encoding", "gzip;q=0"); refused.Header().Get("Content-Encoding") != "" {
		t.Error("gzip sent where q=0 refused it")
	}
	if head := serve(t, h, "HEAD", "/console/app.css"); head.Code != http.StatusOK || head.Body.Len() != 0 {
		t.Errorf("HEAD /console/app.css = %d with %d bytes", head.Code, head.Body.Len())
	}

	for _, r := range []struct{ method, target string }{
		{"POST", "/"}, {"GET", "/console/missing.js"}, {"GET", "/v1/me/people?query=bo"}, {"DELETE", "/console/app.js"},
	} {
		if got := serve(t, h, r.method, r.target); got.Code != http.StatusTeapot {
			t.Errorf("%s %s answered %d, want it passed to the API", r.method, r.target, got.Code)
		}
	}
}

func TestConfigSaysHowToSignIn(t *testing.T) {
	cases := []struct {
		name     string
		settings Settings
		dev      bool
		want     string
		connect  string
	}{
		{"dev", DefaultSettings(), true, `{"devSignIn":true}`, "connect-src 'self';"},
		{"a provider", Settings{Issuer: "https://login.example.com/tenant/v2.0", ClientID: "console", Scopes: "openid email", Audience: "liaison",
			Origins: "https://tokens.example.net, https://keys.example.org/"}, false,
			`{"devSignIn":false,"oidc":{"audience":"liaison","clientId":"console","issuer":"https://login.example.com/tenant/v2.0","scopes":"openid email"}}`,
			"connect-src 'self' https://login.example.com https://tokens.example.net https://keys.example.org;"},
	}
	for _, c := range cases {
		h, err := New(c.settings, c.dev, api)
		if err != nil {
			t.Fatal(err)
		}
		rec := serve(t, h, "GET", "/console/config.json")
		var got any
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Header().Get("Cache-Control") != "no-store" {
			t.Fatalf("%s: %q %v", c.name, rec.Body.String(), err)
		}
		if normal, _ := json.Marshal(got); string(normal) != c.want {
			t.Errorf("%s: config %s, want %s", c.name, normal, c.want)
		}
		if policy := rec.Header().Get("Content-Security-Policy"); !strings.Contains(policy, c.connect) {
			t.Errorf("%s: policy %q, want %q", c.name, policy, c.connect)
		}
		// Profile photos come over http from the simulator in dev only.
		if policy := rec.Header().Get("Content-Security-Policy"); strings.Contains(policy, " http:") != c.dev {
			t.Errorf("%s: policy %q allows http images: %v", c.name, policy, !c.dev)
		}
	}
}

func TestCheckRefusesProviderSettingsThatCannotWork(t *testing.T) {
	ok := Settings{Issuer: "https://login.example.com", ClientID: "console", Scopes: "openid"}
	if err := ok.Check(); err != nil {
		t.Fatalf("valid settings refused: %v", err)
	}
	if err := DefaultSettings().Check(); err != nil {
		t.Fatalf("the defaults refused: %v", err)
	}
	for name, s := range map[string]Settings{
		"a client id alone":       {ClientID: "console", Scopes: "openid"},
		"an issuer alone":         {Issuer: "https://login.example.com", Scopes: "openid"},
		"http away from loopback": {Issuer: "http://login.example.com", ClientID: "c", Scopes: "openid"},
		"a relative issuer":       {Issuer: "/login", ClientID: "c", Scopes: "openid"},
		"an issuer with a query":  {Issuer: "https://login.example.com?x=1", ClientID: "c", Scopes: "openid"},
		"no openid scope":         {Issuer: "https://login.example.com", ClientID: "c", Scopes: "email"},
		"an origin with a path":   {Issuer: "https://login.example.com", ClientID: "c", Scopes: "openid", Origins: "https://t.example.com/token"},
		"an http origin":          {Issuer: "https://login.example.com", ClientID: "c", Scopes: "openid", Origins: "http://t.example.com"},
		"credentials in an URL":   {Issuer: "https://user:pw@login.example.com", ClientID: "c", Scopes: "openid"},
	} {
		if err := s.Check(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	local := Settings{Issuer: "http://127.0.0.1:5556/dex", ClientID: "c", Scopes: "openid profile"}
	if err := local.Check(); err != nil {
		t.Errorf("http on loopback refused: %v", err)
	}
}

func gunzip(b []byte) ([]byte, error) {
	z, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}
