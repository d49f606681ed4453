package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"strings"
	"testing"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// TestServiceIdentity calls the policy service straight over gRPC with
// service tokens. Each service signs with a key of its own, and policy
// holds the others' public keys only: consent's key makes consent's tokens,
// for policy, and nothing else.
func TestServiceIdentity(t *testing.T) {
	consentKey := readPrivateKey(t, sut.File("consent-service-key.pem"))
	entries, err := os.ReadDir(sut.File("service-keys"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".pub") {
			t.Errorf("the trusted keys folder holds %s: verifiers get public keys only", e.Name())
		}
	}
	policy := policyv1.NewPolicyServiceClient(dialPolicy(t))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	call := func(token string) error {
		_, err := policy.GetTenant(withBearer(ctx, token), &policyv1.GetTenantRequest{Tenant: "contoso"})
		return err
	}
	service := func(key *ecdsa.PrivateKey, subject, audience string) string {
		now := time.Now()
		return signToken(t, key, tokenClaims{Issuer: "liaison-services", Subject: subject, Audience: audience,
			IssuedAt: now.Unix(), Expiry: now.Add(time.Minute).Unix()})
	}

	if err := call(service(consentKey, "service:consent", "service:policy")); err != nil {
		t.Fatalf("consent's token for policy: %v", err)
	}
	stranger, err := newSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]string{
		"consent's key speaking as another service": service(consentKey, "service:gateway", "service:policy"),
		"consent's token for another service":       service(consentKey, "service:consent", "service:consent"),
		"consent's token with the users' audience":  service(consentKey, "service:consent", "liaison"),
		"a key nobody trusts":                       service(stranger, "service:consent", "service:policy"),
	}
	// A user token may not name a service or the system either: the audit
	// log would show that actor.
	for _, subject := range []string{"service:consent", "system", " Service:Consent"} {
		refused["user token with subject "+subject] = signToken(t, sut.devKey, validClaims("contoso", subject, roleTenantAdmin))
	}
	for name, token := range refused {
		t.Run(name, func(t *testing.T) { wantUnauthenticated(t, call(token)) })
	}
}

// readPrivateKey reads a PKCS #8 PEM ECDSA key, as the services write them.
func readPrivateKey(t *testing.T, path string) *ecdsa.PrivateKey {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return key.(*ecdsa.PrivateKey)
}
