package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// An Authorization header that could be read two ways is refused with 400
// naming it and the rule, before the rate limit and before any service: the
// services authenticate the first value grpc-gateway forwards, and it
// forwards every value but drops those that are not printable ASCII, so the
// limit could key one credential while a service authenticated another.
func TestAmbiguousAuthorizationIsRefusedBeforeAnyService(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)
	for _, c := range []struct {
		name   string
		values []string
		rule   string
	}{
		{"two values", []string{"Bearer alice.token", "Bearer bob.token"}, "sent 2 times"},
		{"junk, then a token", []string{"Bearer \x80junk", "Bearer real.token.sig"}, "sent 2 times"},
		{"one token twice", []string{"Bearer alice.token", "Bearer alice.token"}, "sent 2 times"},
		{"a byte past ASCII", []string{"Bearer real.token.sig\x80"}, "0x80 at offset 21"},
		{"a tab", []string{"Bearer\treal.token.sig"}, "0x09 at offset 6"},
	} {
		resp, body := apitest.Do(t, "GET", gw.URL+"/v1/tenants/contoso", "", http.Header{"Authorization": c.values})
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400 (body %s)", c.name, resp.StatusCode, body)
			continue
		}
		code, reason, field := apitest.ParseError(t, body)
		if code != 3 || reason != "FIELD_INVALID" || field != "Authorization" || !strings.Contains(string(body), c.rule) {
			t.Errorf("%s: body %s, want InvalidArgument naming Authorization and %q", c.name, body, c.rule)
		}
		if strings.Contains(string(body), "token") {
			t.Errorf("%s: the answer quotes the credential: %s", c.name, body)
		}
	}
	if calls := b.calls(); len(calls) > 0 {
		t.Errorf("refused requests reached the services: %v", calls)
	}
	// One printable value still goes through, as the service's only credential.
	resp, body := apitest.Do(t, "GET", gw.URL+"/v1/tenants/contoso", "", http.Header{"Authorization": {"Bearer alice.token"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("one Authorization: status %d, body %s", resp.StatusCode, body)
	}
	if got := b.policy.lastMetadata().Get("authorization"); len(got) != 1 || got[0] != "Bearer alice.token" {
		t.Errorf("the service got authorization %q", got)
	}
}
