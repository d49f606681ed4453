package auth_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestServiceTokensSpeakForTheirServiceToOneTarget: every service signs
// with its own key; policy accepts a token only when the key is the one of
// the service the token names, and the token names policy as its audience.
func TestServiceTokensSpeakForTheirServiceToOneTarget(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	v, err := auth.NewVerifier(t.Context(), issuer.For("policy"), false)
	if err != nil {
		t.Fatal(err)
	}
	consent := issuer.ServiceKey("consent")
	issuer.ServiceKey("policy") // trusted too: consent must still not speak for it
	stranger, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	service := func(key *ecdsa.PrivateKey, subject string, audience ...string) string {
		return signService(t, key, jwt.Claims{Subject: subject, Audience: audience, Expiry: jwt.NewNumericDate(time.Now().Add(time.Minute))})
	}

	if p, err := v.Verify(t.Context(), service(consent, "service:consent", "service:policy")); err != nil || p.Subject != "service:consent" {
		t.Fatalf("consent's token for policy: %+v, %v", p, err)
	}
	cases := map[string]string{
		"consent speaking as policy": service(consent, "service:policy", "service:policy"),
		"meant for another service":  service(consent, "service:consent", "service:consent"),
		"meant for users":            service(consent, "service:consent", issuer.Config.Audience),
		"meant for two services":     service(consent, "service:consent", "service:policy", "service:consent"),
		"no audience":                service(consent, "service:consent"),
		"an untrusted key":           service(stranger, "service:consent", "service:policy"),
		"an unknown service":         service(stranger, "service:billing", "service:policy"),
		"no service subject":         service(consent, "consent", "service:policy"),
		"expired": signService(t, consent, jwt.Claims{Subject: "service:consent", Audience: jwt.Audience{"service:policy"},
			Expiry: jwt.NewNumericDate(time.Now().Add(-time.Minute))}),
	}
	for name, token := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := v.Verify(t.Context(), token); status.Code(err) != codes.Unauthenticated {
				t.Fatalf("Verify = %v, want Unauthenticated", err)
			}
		})
	}
}

// TestServiceKeysAreReadWhenNeeded plays a developer's machine: policy
// starts before consent has a key; consent then creates its key pair
// (owner-only files) and publishes the public half, and policy trusts it at
// its first call. A key replaced later is trusted in its place.
func TestServiceKeysAreReadWhenNeeded(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	data := filepath.Join(t.TempDir(), "data")
	policyCfg := issuer.For("policy")
	policyCfg.TrustedServiceKeys = filepath.Join(data, "service-keys")
	v, err := auth.NewVerifier(t.Context(), policyCfg, false)
	if err != nil {
		t.Fatal(err)
	}
	consentCfg := issuer.For("consent")
	consentCfg.TrustedServiceKeys = policyCfg.TrustedServiceKeys
	consentCfg.ServiceKeyFile = filepath.Join(data, "consent-service-key.pem")
	first, err := auth.ServiceKey(consentCfg, true)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{
		data: 0o700 | os.ModeDir, consentCfg.ServiceKeyFile: 0o600,
		policyCfg.TrustedServiceKeys: 0o700 | os.ModeDir, filepath.Join(policyCfg.TrustedServiceKeys, "consent.pub"): 0o600,
	} {
		if info, err := os.Stat(path); err != nil || info.Mode() != want {
			t.Errorf("%s: %v, %v; want mode %v", path, info.Mode(), err, want)
		}
	}
	if _, err := v.Verify(t.Context(), serviceToken(t, first)); err != nil {
		t.Fatalf("consent's first call: %v", err)
	}

	// Rotation: consent gets a new key pair.
	consentCfg.ServiceKeyFile = filepath.Join(data, "consent-service-key-2.pem")
	second, err := auth.ServiceKey(consentCfg, true)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for _, err := v.Verify(t.Context(), serviceToken(t, second)); err != nil; _, err = v.Verify(t.Context(), serviceToken(t, second)) {
		if time.Now().After(deadline) {
			t.Fatalf("the rotated key is not trusted: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := v.Verify(t.Context(), serviceToken(t, first)); err == nil {
		t.Fatal("the replaced key is still trusted")
	}
}

// serviceToken is a fresh token of consent's for policy, signed with key.
func serviceToken(t *testing.T, key *ecdsa.PrivateKey) string {
	creds, err := auth.NewServiceCredentials(key, "consent", "policy", 0)
	if err != nil {
		t.Fatal(err)
	}
	md, err := creds.GetRequestMetadata(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(md["authorization"], "Bearer ")
}

// signService signs c as a service token, as a service (or a forger) would.
func signService(t *testing.T, key *ecdsa.PrivateKey, c jwt.Claims) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	c.Issuer = auth.ServiceIssuer
	token, err := jwt.Signed(signer).Claims(c).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// TestFirstCallsOfANewServiceAreAllAccepted: calls that arrive together
// from a service that published its key after the verifier started all
// pass, not only the one whose miss read the folder (the others find the
// folder read a moment ago and use what it read).
func TestFirstCallsOfANewServiceAreAllAccepted(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	policyCfg := issuer.For("policy")
	v, err := auth.NewVerifier(t.Context(), policyCfg, false)
	if err != nil {
		t.Fatal(err)
	}
	consentCfg := issuer.For("consent")
	consentCfg.ServiceKeyFile = filepath.Join(t.TempDir(), "consent-service-key.pem")
	key, err := auth.ServiceKey(consentCfg, true)
	if err != nil {
		t.Fatal(err)
	}
	token := serviceToken(t, key)
	const calls = 16
	var (
		start    sync.WaitGroup
		done     sync.WaitGroup
		refusals atomic.Int32
	)
	start.Add(1)
	for range calls {
		done.Go(func() {
			start.Wait()
			if _, err := v.Verify(t.Context(), token); err != nil {
				refusals.Add(1)
				t.Log(err)
			}
		})
	}
	start.Done()
	done.Wait()
	if n := refusals.Load(); n > 0 {
		t.Fatalf("%d of %d concurrent first calls were refused", n, calls)
	}
}
