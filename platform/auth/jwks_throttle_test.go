package auth_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestUnknownKeysFetchTheJWKSAtMostOncePerInterval sends a second of tokens
// signed by unknown keys, as a forger would: the identity provider's JWKS
// is fetched at most once per interval, not once per token, and a key the
// provider adds is still picked up once the interval has passed.
func TestUnknownKeysFetchTheJWKSAtMostOncePerInterval(t *testing.T) {
	provider := newJWKS(t)
	current := provider.add(t)
	cfg := authtest.NewIssuer(t).Config
	cfg.PublicKeyFile, cfg.JWKSURL = "", provider.server.URL
	const interval = 400 * time.Millisecond
	cfg.JWKSRefetchInterval = interval
	v, err := auth.NewVerifier(t.Context(), cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(t.Context(), authtest.Sign(t, current, authtest.Claims{Subject: "alice", Tenant: "t"}, cfg)); err != nil {
		t.Fatalf("a token signed by the provider's key: %v", err)
	}

	forger, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	start, sent := time.Now(), 0
	for time.Since(start) < time.Second {
		// Each token differs (its subject), so none is answered from the
		// verifier's cache of tokens.
		forged := authtest.Sign(t, forger, authtest.Claims{Subject: "mallory" + time.Now().String(), Tenant: "t"}, cfg)
		if _, err := v.Verify(t.Context(), forged); status.Code(err) != codes.Unauthenticated {
			t.Fatalf("a forged token: %v, want Unauthenticated", err)
		}
		sent++
	}
	// One fetch for the first token, then at most one per interval.
	limit := 1 + int(time.Since(start)/interval) + 1
	if got := int(provider.fetches.Load()); got > limit || sent < 50 {
		t.Fatalf("%d forged tokens fetched the JWKS %d times; at most %d allowed", sent, got, limit)
	}
	t.Logf("%d forged tokens, %d fetches", sent, provider.fetches.Load())

	// Rotation: the provider adds a key; once the interval is over, tokens
	// signed by it are accepted.
	rotated := provider.add(t)
	time.Sleep(interval)
	if _, err := v.Verify(t.Context(), authtest.Sign(t, rotated, authtest.Claims{Subject: "bob", Tenant: "t"}, cfg)); err != nil {
		t.Fatalf("a token signed by the provider's new key: %v", err)
	}
}

// jwks is an identity provider's key set endpoint that counts its fetches.
type jwks struct {
	server  *httptest.Server
	fetches atomic.Int32
	mu      sync.Mutex
	keys    jose.JSONWebKeySet
}

func newJWKS(t *testing.T) *jwks {
	j := &jwks{}
	j.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		j.fetches.Add(1)
		j.mu.Lock()
		defer j.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(j.keys)
	}))
	t.Cleanup(j.server.Close)
	return j
}

// add publishes a new signing key and returns it.
func (j *jwks) add(t *testing.T) *ecdsa.PrivateKey {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.keys.Keys = append(j.keys.Keys, jose.JSONWebKey{Key: key.Public(), Algorithm: "ES256", Use: "sig"})
	return key
}
