package devauth_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"

	"github.com/liaisonhq/liaison/gateway/internal/devauth"
	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
)

// newIssuer returns a dev token issuer and a verifier configured as a
// service in dev mode would be: trusting the issuer's key.
func newIssuer(t *testing.T) (*devauth.Issuer, *auth.Verifier) {
	t.Helper()
	trusted := authtest.NewIssuer(t)
	issuer, err := devauth.NewIssuer(trusted.Key(), devauth.Options{
		Issuer: trusted.Config.Issuer, Audience: trusted.Config.Audience, TTL: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := auth.NewVerifier(t.Context(), trusted.Config, false)
	if err != nil {
		t.Fatal(err)
	}
	return issuer, verifier
}

// TestTokenRequestsTheServicesWouldRefuseAreRefused: the endpoint answers
// 400 naming the field and the rule, rather than minting a token that every
// service then refuses.
func TestTokenRequestsTheServicesWouldRefuseAreRefused(t *testing.T) {
	issuer, _ := newIssuer(t)
	for _, c := range []struct{ tenant, user, field, rule string }{
		{"contoso", "system", "user", `"system"`},
		{"contoso", "SYSTEM", "user", `"system"`},
		{"contoso", "service:consent", "user", `"service:"`},
		{"contoso", "\u017Fystem", "user", `"system"`}, // long s: reads as "system"
		{"contoso", "\u017Flice", "user", "U+017F"},    // long s elsewhere: a compatibility letter
		{"contoso", "\uFF53\uFF59\uFF53\uFF54\uFF45\uFF4D", "user", `"system"`},
		{"contoso", "service\uFF1Aconsent", "user", `"service:"`},
		{"contoso", "\u0455ystem", "user", `"system"`}, // Cyrillic dze
		{"contoso", "system\u200B", "user", "invisible characters (U+200B"},
		{"contoso", "sys\u00ADtem", "user", "invisible characters (U+00AD"},
		{"contoso", "al\x00ice", "user", "control characters"},
		{"contoso", "alice\n", "user", "control characters"},
		{"contoso", "\u202Ealice", "user", "bidirectional overrides"},
		{"contoso", " alice", "user", "space"},
		{"contoso", strings.Repeat("a", 129), "user", "128 characters"},
		{"contoso\u2060", "alice", "tenant", "invisible characters (U+2060"},
		{"con\x00toso", "alice", "tenant", "control characters"},
		{strings.Repeat("t", 129), "alice", "tenant", "128 characters"},
	} {
		req := devauth.TokenRequest{Tenant: c.tenant, User: c.user}
		token, err := issuer.Mint(req)
		if err == nil {
			t.Errorf("Mint(%+v) = token %.20s..., want it refused", req, token)
			continue
		}
		if got := jsonapi.HTTPStatus(status.Code(err)); got != http.StatusBadRequest {
			t.Errorf("Mint(%+v): HTTP status %d, want 400", req, got)
		}
		field, rule := violation(err)
		if field != c.field || !strings.Contains(rule, c.rule) {
			t.Errorf("Mint(%+v): field %q, rule %q; want field %q and a rule naming %q", req, field, rule, c.field, c.rule)
		}
	}
}

// TestMintedTokensAreAcceptedByTheServices: whatever the endpoint mints, a
// service's verifier accepts, for names in any script.
func TestMintedTokensAreAcceptedByTheServices(t *testing.T) {
	issuer, verifier := newIssuer(t)
	for _, user := range []string{"alice", "zoë", "Ярослав", "李雷", "o'brien@contoso.com", "Mary Smith", "systems"} {
		token, err := issuer.Mint(devauth.TokenRequest{Tenant: "contoso", User: user})
		if err != nil {
			t.Errorf("Mint(user %q): %v", user, err)
			continue
		}
		if p, err := verifier.Verify(t.Context(), token); err != nil || p.Subject != user {
			t.Errorf("Verify(token for %q) = %+v, %v", user, p, err)
		}
	}
}

// TestServeTokenRefusesReservedUsers goes through the HTTP handler.
func TestServeTokenRefusesReservedUsers(t *testing.T) {
	issuer, _ := newIssuer(t)
	body := strings.NewReader(`{"tenant":"contoso","user":"\u017Fystem"}`)
	req := httptest.NewRequest("POST", "/dev/token", body)
	// The endpoint serves this host only, addressed by a loopback name, and JSON.
	req.RemoteAddr, req.Host = "127.0.0.1:40000", "localhost:8080"
	req.Header.Set("Content-Type", "application/json")
	err := issuer.ServeToken(httptest.NewRecorder(), req)
	if field, _ := violation(err); jsonapi.HTTPStatus(status.Code(err)) != http.StatusBadRequest || field != "user" {
		t.Fatalf("ServeToken = %v, want 400 naming user", err)
	}
}

// violation returns the field and description of err's bad request detail.
func violation(err error) (field, rule string) {
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok && len(br.FieldViolations) > 0 {
			return br.FieldViolations[0].Field, br.FieldViolations[0].Description
		}
	}
	return "", ""
}
