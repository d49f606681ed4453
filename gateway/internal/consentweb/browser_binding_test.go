package consentweb

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

func TestTheBindingTravelsInACookieOnly(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr)
	resp, body := apitest.Do(t, "POST", gw.URL+"/v1/me/linkedinConnection:connect",
		`{"direction":"BIDIRECTIONAL","redirectUri":"http://localhost/done"}`, http.Header{"Authorization": {"Bearer alice"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("connect: %d %s", resp.StatusCode, body)
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == bindingCookie {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "binding-secret" || !cookie.HttpOnly || cookie.Path != callbackPath || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("binding cookie = %+v", cookie)
	}
	for name := range resp.Header {
		if strings.Contains(strings.ToLower(name), "binding") {
			t.Fatalf("the binding leaked into header %s", name)
		}
	}
	if strings.Contains(string(body), "binding-secret") {
		t.Fatal("the binding leaked into the body")
	}

	resp, _ = apitest.Do(t, "GET", gw.URL+callbackPath+"?code=c&state=s", "", http.Header{"Cookie": {bindingCookie + "=binding-secret"}})
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("callback: %d", resp.StatusCode)
	}
	calls := b.consent.received()
	last := calls[len(calls)-1]
	if got := last.md.Get("liaison-connect-binding"); len(got) != 1 || got[0] != "binding-secret" {
		t.Fatalf("the callback carried binding %q", got)
	}
	cleared := false
	for _, c := range resp.Cookies() {
		cleared = cleared || (c.Name == bindingCookie && c.Value == "" && c.MaxAge < 0)
	}
	if !cleared {
		t.Fatalf("the callback did not clear the cookie: %v", resp.Header["Set-Cookie"])
	}
}

// Only the cookie carries the binding to the service, once: a header naming
// the binding's metadata key reaches it under no name the service reads,
// and of two cookies the service gets the one value the gateway read.
func TestTheBindingReachesTheServiceFromTheCookieOnly(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr)
	for _, c := range []struct {
		name   string
		header http.Header
		want   []string
	}{
		{"headers only", http.Header{
			"Liaison-Connect-Binding":               {"forged"},
			"Grpc-Metadata-Liaison-Connect-Binding": {"forged"},
		}, nil},
		{"a cookie and headers", http.Header{
			"Cookie":                                {bindingCookie + "=binding-secret"},
			"Grpc-Metadata-Liaison-Connect-Binding": {"forged"},
		}, []string{"binding-secret"}},
		{"two cookies", http.Header{"Cookie": {bindingCookie + "=binding-secret; " + bindingCookie + "=forged"}}, []string{"binding-secret"}},
	} {
		resp, body := apitest.Do(t, "GET", gw.URL+callbackPath+"?code=c&state=s", "", c.header)
		if resp.StatusCode != http.StatusFound {
			t.Fatalf("%s: callback %d %s", c.name, resp.StatusCode, body)
		}
		calls := b.consent.received()
		if got := calls[len(calls)-1].md.Get("liaison-connect-binding"); !slices.Equal(got, c.want) {
			t.Errorf("%s: the service got binding %q, want %q", c.name, got, c.want)
		}
	}
}
