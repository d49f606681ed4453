package e2e

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

// Role names carried in a token's "roles" claim.
const (
	roleOperator    = "Operator"
	roleTenantAdmin = "TenantAdmin"
	roleUser        = "User"
)

// devToken asks the gateway's dev identity endpoint for a token, as a
// developer following the README would.
func devToken(t *testing.T, tenant, user string, roles ...string) string {
	t.Helper()
	if roles == nil {
		roles = []string{} // the endpoint takes a list, empty or not
	}
	body, _ := json.Marshal(map[string]any{"tenant": tenant, "user": user, "roles": roles})
	resp, err := httpClient.Post(sut.gatewayURL+"/dev/token", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("POST /dev/token: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out struct {
		Token string `json:"token"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(raw, &out) != nil || out.Token == "" {
		t.Fatalf("POST /dev/token for %s/%s: status %d, body %s", tenant, user, resp.StatusCode, raw)
	}
	return out.Token
}

// tokenClaims are the claims of a Liaison user token.
type tokenClaims struct {
	Issuer   string   `json:"iss"`
	Audience string   `json:"aud"`
	Subject  string   `json:"sub"`
	Tenant   string   `json:"tid,omitempty"`
	Roles    []string `json:"roles"`
	IssuedAt int64    `json:"iat"`
	Expiry   int64    `json:"exp"`
}

// validClaims are the claims of a token the services accept: the dev
// issuer and audience, valid for the next hour. Tests break one of them.
func validClaims(tenant, user string, roles ...string) tokenClaims {
	now := time.Now()
	return tokenClaims{
		Issuer:   "liaison-dev",
		Audience: "liaison",
		Subject:  user,
		Tenant:   tenant,
		Roles:    roles,
		IssuedAt: now.Unix(),
		Expiry:   now.Add(time.Hour).Unix(),
	}
}

// signToken makes an ES256 JWT by hand. The suite needs tokens the gateway
// would never mint (expired ones, ones signed by a stranger's key), and
// writing the few lines of JWS here keeps the suite free of a JWT library.
func signToken(t *testing.T, key *ecdsa.PrivateKey, claims tokenClaims) string {
	t.Helper()
	header, _ := json.Marshal(map[string]string{"alg": "ES256", "typ": "JWT"})
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	signingInput := enc.EncodeToString(header) + "." + enc.EncodeToString(payload)
	digest := sha256.Sum256([]byte(signingInput))
	r, s, err := ecdsa.Sign(rand.Reader, key, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	// JWS wants r and s as two fixed-width 32-byte big-endian numbers, not
	// the ASN.1 form Go's SignASN1 produces.
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return signingInput + "." + enc.EncodeToString(sig)
}
