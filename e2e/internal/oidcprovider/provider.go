// Package oidcprovider is an OpenID Connect provider for tests: discovery,
// keys, an authorization endpoint that signs one fixed person in at once,
// and a token endpoint that checks the code's PKCE verifier. It issues the
// access tokens the services check (issuer, audience, tenant and roles
// claims), as an organization's provider would be configured to.
package oidcprovider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Person is who the provider signs in.
type Person struct {
	Tenant, Subject string
	Roles           []string
}

// Provider is a running provider.
type Provider struct {
	server   *httptest.Server
	signer   jose.Signer
	keys     jose.JSONWebKeySet
	clientID string
	audience string
	person   Person

	mu    sync.Mutex
	codes map[string]grant // issued, not yet redeemed
}

// grant is what an authorization code stands for until redeemed.
type grant struct {
	redirectURI, challenge, nonce string
}

// Start serves a provider for clientID whose access tokens name audience
// and sign person in.
func Start(clientID, audience string, person Person) (*Provider, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: jose.JSONWebKey{Key: key, KeyID: "test"}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, err
	}
	p := &Provider{
		signer: signer, clientID: clientID, audience: audience, person: person, codes: map[string]grant{},
		keys: jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: key.Public(), KeyID: "test", Algorithm: string(jose.ES256), Use: "sig"}}},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, p.keys) })
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	p.server = httptest.NewServer(cors(mux))
	return p, nil
}

// Issuer is the provider's issuer URL.
func (p *Provider) Issuer() string { return p.server.URL }

// JWKSURL is where its keys are.
func (p *Provider) JWKSURL() string { return p.server.URL + "/jwks" }

// Close stops it.
func (p *Provider) Close() { p.server.Close() }

func (p *Provider) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, map[string]any{
		"issuer":                                p.Issuer(),
		"authorization_endpoint":                p.Issuer() + "/authorize",
		"token_endpoint":                        p.Issuer() + "/token",
		"jwks_uri":                              p.JWKSURL(),
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"ES256"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

// authorize signs the person in at once and sends the browser back with a
// code, after checking what a real provider checks of the request.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != p.clientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" ||
		q.Get("code_challenge") == "" || q.Get("state") == "" {
		http.Error(w, "bad authorization request: "+r.URL.RawQuery, http.StatusBadRequest)
		return
	}
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || back.Scheme == "" {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	code := rand.Text()
	p.mu.Lock()
	p.codes[code] = grant{redirectURI: q.Get("redirect_uri"), challenge: q.Get("code_challenge"), nonce: q.Get("nonce")}
	p.mu.Unlock()
	values := back.Query()
	values.Set("code", code)
	values.Set("state", q.Get("state"))
	back.RawQuery = values.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// token redeems a code once, for the redirect URI it was issued to and
// with the verifier of its challenge.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, "invalid_request")
		return
	}
	p.mu.Lock()
	g, ok := p.codes[r.PostForm.Get("code")]
	delete(p.codes, r.PostForm.Get("code"))
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if !ok || r.PostForm.Get("grant_type") != "authorization_code" || r.PostForm.Get("redirect_uri") != g.redirectURI ||
		r.PostForm.Get("client_id") != p.clientID || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		tokenError(w, "invalid_grant")
		return
	}
	now := time.Now()
	base := jwt.Claims{Issuer: p.Issuer(), Subject: p.person.Subject, IssuedAt: jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(time.Hour))}
	access := base
	access.Audience = jwt.Audience{p.audience}
	accessToken, err := jwt.Signed(p.signer).Claims(access).Claims(map[string]any{"tid": p.person.Tenant, "roles": p.person.Roles}).Serialize()
	if err != nil {
		tokenError(w, "server_error")
		return
	}
	id := base
	id.Audience = jwt.Audience{p.clientID}
	idToken, err := jwt.Signed(p.signer).Claims(id).Claims(map[string]any{"nonce": g.nonce}).Serialize()
	if err != nil {
		tokenError(w, "server_error")
		return
	}
	writeJSON(w, map[string]any{"access_token": accessToken, "id_token": idToken, "token_type": "Bearer", "expires_in": 3600})
}

func tokenError(w http.ResponseWriter, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// cors lets the console, on another origin, read discovery and redeem
// codes from the browser, as providers allow public clients to.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}
