package consentweb

import (
	"net/http"
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
