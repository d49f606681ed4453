package server

import (
	"crypto"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
	"github.com/liaisonhq/liaison/gateway/internal/devauth"
	"github.com/liaisonhq/liaison/platform/auth"
)

var devOptions = devauth.Options{Issuer: "liaison-dev", Audience: "liaison", TTL: 12 * time.Hour}

// asJSON says a request's body is JSON, as /dev/token requires.
var asJSON = http.Header{"Content-Type": {"application/json"}}

func newIssuer(t *testing.T) *devauth.Issuer {
	t.Helper()
	key, err := auth.LoadOrCreateKey(filepath.Join(t.TempDir(), "key.pem"), true)
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := devauth.NewIssuer(key, devOptions)
	if err != nil {
		t.Fatal(err)
	}
	return issuer
}

func TestDevTokenVerifiesWithServedJWKS(t *testing.T) {
	gw := startGateway(t, apitest.UnusedAddr(t), apitest.UnusedAddr(t), newIssuer(t))

	resp, body := apitest.Do(t, "POST", gw.URL+"/dev/token", `{"tenant":"contoso","user":"alice","roles":["TenantAdmin"]}`, asJSON)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mint: status %d, body %s", resp.StatusCode, body)
	}
	var minted struct{ Token string }
	if err := json.Unmarshal(body, &minted); err != nil {
		t.Fatal(err)
	}

	resp, body = apitest.Do(t, "GET", gw.URL+"/dev/jwks.json", "", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("jwks: status %d, body %s", resp.StatusCode, body)
	}
	var jwks jose.JSONWebKeySet
	if err := json.Unmarshal(body, &jwks); err != nil {
		t.Fatal(err)
	}

	tok, err := jwt.ParseSigned(minted.Token, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		t.Fatal(err)
	}
	kid := tok.Headers[0].KeyID
	keys := jwks.Key(kid)
	if len(keys) != 1 {
		t.Fatalf("kid %q: %d keys in the JWKS", kid, len(keys))
	}
	thumb, err := keys[0].Thumbprint(crypto.SHA256)
	if err != nil || kid != base64.RawURLEncoding.EncodeToString(thumb) {
		t.Errorf("kid %q is not the RFC 7638 thumbprint of the key (err %v)", kid, err)
	}

	var claims devauth.Claims
	if err := tok.Claims(keys[0].Key, &claims); err != nil {
		t.Fatalf("signature: %v", err)
	}
	if err := claims.Validate(jwt.Expected{Issuer: "liaison-dev", AnyAudience: jwt.Audience{"liaison"}, Subject: "alice"}); err != nil {
		t.Error(err)
	}
	if claims.Tenant != "contoso" || !slices.Equal(claims.Roles, []string{"TenantAdmin"}) {
		t.Errorf("tid %q, roles %v", claims.Tenant, claims.Roles)
	}
	if claims.IssuedAt == nil || claims.NotBefore == nil || claims.Expiry == nil ||
		claims.Expiry.Time().Sub(claims.IssuedAt.Time()) != devOptions.TTL {
		t.Errorf("iat %v, nbf %v, exp %v: want exp = iat + %v", claims.IssuedAt, claims.NotBefore, claims.Expiry, devOptions.TTL)
	}
}

func TestDevTokenRejectsBadInput(t *testing.T) {
	gw := startGateway(t, apitest.UnusedAddr(t), apitest.UnusedAddr(t), newIssuer(t))

	for body, field := range map[string]string{
		`{"tenant":"contoso","roles":["User"]}`:               "user",
		`{"user":"alice"}`:                                    "tenant",
		`{"user":"alice","roles":["TenantAdmin"]}`:            "tenant",
		`{"tenant":"contoso","user":"alice","roles":["God"]}`: "roles[0]",
		`{"tenant":"contoso","user":"alice","role":"User"}`:   "",
		`{"tenant":`: "",
	} {
		resp, got := apitest.Do(t, "POST", gw.URL+"/dev/token", body, asJSON)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", body, resp.StatusCode)
			continue
		}
		if !strings.Contains(string(got), `"code":3`) || (field != "" && !strings.Contains(string(got), `"field":"`+field+`"`)) {
			t.Errorf("%s: body %s, want InvalidArgument naming %q", body, got, field)
		}
	}

	// An operator works across tenants, and no role is a plain user.
	for _, body := range []string{`{"user":"ops","roles":["Operator"]}`, `{"tenant":"contoso","user":"bob"}`} {
		if resp, got := apitest.Do(t, "POST", gw.URL+"/dev/token", body, asJSON); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d, body %s", body, resp.StatusCode, got)
		}
	}
}

func TestDevRoutesAre404WithoutDev(t *testing.T) {
	gw := startGateway(t, apitest.UnusedAddr(t), apitest.UnusedAddr(t), nil)
	for _, r := range []struct{ method, path string }{{"POST", "/dev/token"}, {"GET", "/dev/jwks.json"}} {
		if resp, _ := apitest.Do(t, r.method, gw.URL+r.path, `{"tenant":"contoso","user":"alice"}`, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404", r.method, r.path, resp.StatusCode)
		}
	}
}
