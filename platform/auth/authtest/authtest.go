// Package authtest issues tokens for tests: a throwaway signing key whose
// public half a Verifier is configured with, and tokens for any caller.
package authtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/liaisonhq/liaison/platform/auth"
)

// Issuer signs user tokens like an identity provider would, and holds the
// key pairs of the services of a test.
type Issuer struct {
	t      testing.TB
	key    *ecdsa.PrivateKey
	Config auth.Config

	mu       sync.Mutex
	services map[string]*ecdsa.PrivateKey
}

// NewIssuer returns an issuer and the auth config that trusts it, with its
// key files in a temporary folder. The config is the service "test"'s; For
// gives another's.
func NewIssuer(t testing.TB) *Issuer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pub := filepath.Join(dir, "issuer.pem")
	if err := os.WriteFile(pub, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := auth.DefaultConfig("test")
	cfg.PublicKeyFile = pub
	cfg.ServiceKeyFile = filepath.Join(dir, "service-key.pem")
	cfg.TrustedServiceKeys = filepath.Join(dir, "service-keys")
	if err := os.Mkdir(cfg.TrustedServiceKeys, 0o700); err != nil {
		t.Fatal(err)
	}
	return &Issuer{t: t, key: key, services: map[string]*ecdsa.PrivateKey{}, Config: cfg}
}

// Key is the issuer's signing key, for a test whose own token issuer (the
// gateway's development one) must sign as this one does.
func (i *Issuer) Key() *ecdsa.PrivateKey { return i.key }

// For is the issuer's config for the named service: it accepts service
// tokens meant for that service.
func (i *Issuer) For(service string) auth.Config {
	cfg := i.Config
	cfg.ServiceName = service
	return cfg
}

// ServiceKey returns the named service's private key, made on first use,
// whose public half every verifier of the issuer's config trusts.
func (i *Issuer) ServiceKey(service string) *ecdsa.PrivateKey {
	i.t.Helper()
	i.mu.Lock()
	defer i.mu.Unlock()
	if key, ok := i.services[service]; ok {
		return key
	}
	cfg := i.For(service)
	cfg.ServiceKeyFile = filepath.Join(filepath.Dir(cfg.TrustedServiceKeys), service+"-service-key.pem")
	// Dev mode makes the key and publishes its public half, as it would on
	// a developer's machine.
	key, err := auth.ServiceKey(cfg, true)
	if err != nil {
		i.t.Fatal(err)
	}
	i.services[service] = key
	return key
}

// ServiceCredentials returns the credentials of service's calls to target,
// with tokens that live ttl (auth.ServiceTokenTTL when 0).
func (i *Issuer) ServiceCredentials(service, target string, ttl time.Duration) *auth.ServiceCredentials {
	i.t.Helper()
	creds, err := auth.NewServiceCredentials(i.ServiceKey(service), service, target, ttl)
	if err != nil {
		i.t.Fatal(err)
	}
	return creds
}

// Claims of a test token; zero values get sensible defaults.
type Claims struct {
	Subject  string
	Tenant   string
	Roles    []string
	Issuer   string
	Audience string
	Expiry   time.Time
}

// Token signs claims.
func (i *Issuer) Token(c Claims) string {
	i.t.Helper()
	return Sign(i.t, i.key, c, i.Config)
}

// User returns a token for subject in tenant with roles.
func (i *Issuer) User(tenant, subject string, roles ...string) string {
	return i.Token(Claims{Subject: subject, Tenant: tenant, Roles: roles})
}

// Sign signs claims with key, filling defaults from cfg.
func Sign(t testing.TB, key *ecdsa.PrivateKey, c Claims, cfg auth.Config) string {
	t.Helper()
	if c.Issuer == "" {
		c.Issuer = cfg.Issuer
	}
	if c.Audience == "" {
		c.Audience = cfg.Audience
	}
	if c.Expiry.IsZero() {
		c.Expiry = time.Now().Add(time.Hour)
	}
	if c.Roles == nil {
		c.Roles = []string{}
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	token, err := jwt.Signed(signer).Claims(jwt.Claims{
		Issuer: c.Issuer, Subject: c.Subject, Audience: jwt.Audience{c.Audience},
		IssuedAt: jwt.NewNumericDate(time.Now()), Expiry: jwt.NewNumericDate(c.Expiry),
	}).Claims(map[string]any{"tid": c.Tenant, "roles": c.Roles}).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return token
}
