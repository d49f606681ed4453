package auth_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestVerifierAcceptsValidUserTokens(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	v, err := auth.NewVerifier(t.Context(), issuer.Config, false)
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Verify(t.Context(), issuer.User("contoso", "alice", auth.RoleTenantAdmin))
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != "alice" || p.Tenant != "contoso" || !p.Has(auth.RoleTenantAdmin) || p.Has(auth.RoleOperator) {
		t.Fatalf("principal = %+v", p)
	}
}

func TestVerifierAcceptsInternationalSubjects(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	v, err := auth.NewVerifier(t.Context(), issuer.Config, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, subject := range []string{"zoë", "Ярослав", "李雷", "o'brien@contoso.com"} {
		if p, err := v.Verify(t.Context(), issuer.User("contoso", subject)); err != nil || p.Subject != subject {
			t.Errorf("Verify(subject %q) = %+v, %v", subject, p, err)
		}
	}
}

func TestVerifierRejects(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	v, err := auth.NewVerifier(t.Context(), issuer.Config, false)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	cases := map[string]string{
		"expired":        issuer.Token(authtest.Claims{Subject: "a", Tenant: "t", Expiry: time.Now().Add(-time.Minute)}),
		"wrong issuer":   issuer.Token(authtest.Claims{Subject: "a", Tenant: "t", Issuer: "someone-else"}),
		"wrong audience": issuer.Token(authtest.Claims{Subject: "a", Tenant: "t", Audience: "other"}),
		"forged":         authtest.Sign(t, otherKey, authtest.Claims{Subject: "a", Tenant: "t"}, issuer.Config),
		"no tenant":      issuer.Token(authtest.Claims{Subject: "a"}),
		"claims Service": issuer.Token(authtest.Claims{Subject: "a", Tenant: "t", Roles: []string{auth.RoleService}}),
		"garbage":        "not.a.jwt",
		"NUL in subject": issuer.Token(authtest.Claims{Subject: "al\x00ice", Tenant: "t"}),
		"long subject":   issuer.Token(authtest.Claims{Subject: strings.Repeat("a", 129), Tenant: "t"}),
		"NUL in tenant":  issuer.Token(authtest.Claims{Subject: "a", Tenant: "t\x00"}),
		// A user must not pass for a service or the system in the audit log.
		"service subject":       issuer.Token(authtest.Claims{Subject: "service:consent", Tenant: "t"}),
		"service subject, case": issuer.Token(authtest.Claims{Subject: " Service:Consent", Tenant: "t"}),
		"system subject":        issuer.Token(authtest.Claims{Subject: "system", Tenant: "t"}),
		"operator as SYSTEM":    issuer.Token(authtest.Claims{Subject: "SYSTEM ", Roles: []string{auth.RoleOperator}}),
		// Nor by a look-alike of those names, or a character nobody sees.
		"long s system":       issuer.Token(authtest.Claims{Subject: "\u017Fystem", Tenant: "t"}),
		"full-width system":   issuer.Token(authtest.Claims{Subject: "\uFF53\uFF59\uFF53\uFF54\uFF45\uFF4D", Tenant: "t"}),
		"full-width colon":    issuer.Token(authtest.Claims{Subject: "service\uFF1Aconsent", Tenant: "t"}),
		"Cyrillic system":     issuer.Token(authtest.Claims{Subject: "\u0455ystem", Tenant: "t"}),
		"zero-width space":    issuer.Token(authtest.Claims{Subject: "system\u200B", Tenant: "t"}),
		"soft hyphen":         issuer.Token(authtest.Claims{Subject: "sys\u00ADtem", Tenant: "t"}),
		"invisible in tenant": issuer.Token(authtest.Claims{Subject: "a", Tenant: "t\u2060"}),
	}
	for name, token := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := v.Verify(t.Context(), token)
			if status.Code(err) != codes.Unauthenticated {
				t.Fatalf("Verify = %v, want Unauthenticated", err)
			}
			if msg := status.Convert(err).Message(); len(token) > 20 && strings.Contains(msg, token[:20]) {
				t.Fatalf("error message repeats the token: %q", msg)
			}
		})
	}
}

func TestOperatorTokensNeedNoTenant(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	v, err := auth.NewVerifier(t.Context(), issuer.Config, false)
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Verify(t.Context(), issuer.Token(authtest.Claims{Subject: "ops", Roles: []string{auth.RoleOperator}}))
	if err != nil || !p.Has(auth.RoleOperator) {
		t.Fatalf("Verify = %+v, %v", p, err)
	}
}

func TestServiceCredentialsAreAcceptedAsServices(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	v, err := auth.NewVerifier(t.Context(), issuer.For("policy"), false)
	if err != nil {
		t.Fatal(err)
	}
	creds := issuer.ServiceCredentials("consent", "policy", 0)
	md, err := creds.GetRequestMetadata(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Verify(t.Context(), md["authorization"][len("Bearer "):])
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != "service:consent" || !p.Has(auth.RoleService) || p.Tenant != "" {
		t.Fatalf("principal = %+v", p)
	}
	again, _ := creds.GetRequestMetadata(context.Background())
	if again["authorization"] != md["authorization"] {
		t.Fatal("service token was re-signed on every call instead of being reused until near expiry")
	}
}

func TestNoKeySourceIsAnError(t *testing.T) {
	cfg := auth.DefaultConfig("test")
	cfg.ServiceKeyFile = t.TempDir() + "/absent.pem"
	if _, err := auth.NewVerifier(t.Context(), cfg, false); err == nil {
		t.Fatal("a verifier without user-token keys outside dev mode must be refused")
	}
}
