// Package oidcprovider is an OpenID Connect provider for tests: discovery,
// keys, an authorization endpoint that signs each client's fixed person in
// at once, a token endpoint that checks the code's PKCE verifier, the
// device flow (approved by the test, as the person would on another
// device) and refresh tokens. It issues the access tokens the services
// check (issuer, audience, tenant and roles claims), as an organization's
// provider would be configured to.
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
	audience string
	clients  map[string]Person // client id -> the person it signs in

	mu       sync.Mutex
	codes    map[string]grant  // issued, not yet redeemed
	devices  map[string]*grant // device code -> its grant, approved or not
	userCode map[string]string // user code -> device code
	refresh  map[string]string // refresh token -> client id
}

// grant is what an authorization or device code stands for until
// redeemed.
type grant struct {
	clientID, redirectURI, challenge, nonce string
	approved                                bool
}

// Start serves a provider whose access tokens name audience; each client
// id signs its person in.
func Start(audience string, clients map[string]Person) (*Provider, error) {
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
		signer: signer, audience: audience, clients: clients, codes: map[string]grant{},
		devices: map[string]*grant{}, userCode: map[string]string{}, refresh: map[string]string{},
		keys: jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: key.Public(), KeyID: "test", Algorithm: string(jose.ES256), Use: "sig"}}},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, p.keys) })
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	mux.HandleFunc("POST /device", p.device)
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
		"device_authorization_endpoint":         p.Issuer() + "/device",
	})
}

// authorize signs the person in at once and sends the browser back with a
// code, after checking what a real provider checks of the request.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if _, ok := p.clients[q.Get("client_id")]; !ok || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" ||
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
	p.codes[code] = grant{clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"), challenge: q.Get("code_challenge"), nonce: q.Get("nonce")}
	p.mu.Unlock()
	values := back.Query()
	values.Set("code", code)
	values.Set("state", q.Get("state"))
	back.RawQuery = values.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// token redeems an authorization code once (for the redirect URI it was
// issued to and with the verifier of its challenge), a device code once
// approved, or a refresh token.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, "invalid_request")
		return
	}
	form := r.PostForm
	p.mu.Lock()
	defer p.mu.Unlock()
	switch form.Get("grant_type") {
	case "authorization_code":
		g, ok := p.codes[form.Get("code")]
		delete(p.codes, form.Get("code"))
		sum := sha256.Sum256([]byte(form.Get("code_verifier")))
		if !ok || form.Get("redirect_uri") != g.redirectURI || form.Get("client_id") != g.clientID ||
			base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			tokenError(w, "invalid_grant")
			return
		}
		p.issue(w, g.clientID, g.nonce)
	case "urn:ietf:params:oauth:grant-type:device_code":
		g, ok := p.devices[form.Get("device_code")]
		switch {
		case !ok || form.Get("client_id") != g.clientID:
			tokenError(w, "invalid_grant")
		case !g.approved:
			tokenError(w, "authorization_pending")
		default:
			delete(p.devices, form.Get("device_code"))
			p.issue(w, g.clientID, "")
		}
	case "refresh_token":
		client, ok := p.refresh[form.Get("refresh_token")]
		delete(p.refresh, form.Get("refresh_token"))
		if !ok || form.Get("client_id") != client {
			tokenError(w, "invalid_grant")
			return
		}
		p.issue(w, client, "")
	default:
		tokenError(w, "unsupported_grant_type")
	}
}

// issue answers tokens for client's person: an access token for the
// services, an ID token, and a one-time refresh token. p.mu is held.
func (p *Provider) issue(w http.ResponseWriter, client, nonce string) {
	person := p.clients[client]
	now := time.Now()
	base := jwt.Claims{Issuer: p.Issuer(), Subject: person.Subject, IssuedAt: jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(time.Hour))}
	access := base
	access.Audience = jwt.Audience{p.audience}
	accessToken, err := jwt.Signed(p.signer).Claims(access).Claims(map[string]any{"tid": person.Tenant, "roles": person.Roles}).Serialize()
	if err != nil {
		tokenError(w, "server_error")
		return
	}
	id := base
	id.Audience = jwt.Audience{client}
	idToken, err := jwt.Signed(p.signer).Claims(id).Claims(map[string]any{"nonce": nonce}).Serialize()
	if err != nil {
		tokenError(w, "server_error")
		return
	}
	refresh := rand.Text()
	p.refresh[refresh] = client
	writeJSON(w, map[string]any{"access_token": accessToken, "id_token": idToken, "refresh_token": refresh, "token_type": "Bearer", "expires_in": 3600})
}

// device starts the device flow (RFC 8628) for a client.
func (p *Provider) device(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, "invalid_request")
		return
	}
	client := r.PostForm.Get("client_id")
	if _, ok := p.clients[client]; !ok {
		tokenError(w, "invalid_client")
		return
	}
	deviceCode, userCode := rand.Text(), rand.Text()[:8]
	p.mu.Lock()
	p.devices[deviceCode] = &grant{clientID: client}
	p.userCode[userCode] = deviceCode
	p.mu.Unlock()
	writeJSON(w, map[string]any{"device_code": deviceCode, "user_code": userCode,
		"verification_uri": p.Issuer() + "/activate", "expires_in": 300, "interval": 1})
}

// Approve approves the device sign-in with userCode, as the person would
// on another device; false when no sign-in waits with that code.
func (p *Provider) Approve(userCode string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.devices[p.userCode[userCode]]
	if ok {
		g.approved = true
	}
	return ok
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
