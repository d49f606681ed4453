package linkedinsim

import (
	"crypto/rand"
	"encoding/base64"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// This file holds the authorization server's state: authorization codes,
// grants, and the tokens issued under them.
//
// A grant is one authorization a member gave one client. It owns one refresh
// token and the access tokens issued from it, so revoking any of its tokens
// revokes the grant as a whole: a client that disconnects a member with
// either token is sure that nothing it held still works.

// codeTTL is how long an authorization code may wait to be redeemed.
const codeTTL = 5 * time.Minute

type authCode struct {
	clientID    string
	redirectURI string
	challenge   string
	memberID    string
	scopes      []string
	expires     time.Time
	// grant is set once the code is redeemed. A second redemption is an
	// attack or a bug; RFC 6749 section 4.1.2 says to revoke what the first
	// one issued, which this pointer makes possible.
	grant *grant
}

type grant struct {
	memberID       string
	clientID       string
	scopes         []string
	refreshToken   string
	refreshExpires time.Time
	accessTokens   map[string]*accessToken
	revoked        bool
}

type accessToken struct {
	grant   *grant
	scopes  []string
	expires time.Time
}

// oauthError is an error response of the token and revocation endpoints,
// shaped as RFC 6749 section 5.2 says.
type oauthError struct {
	status      int
	code        string
	description string
}

func (e *oauthError) Error() string { return e.code + ": " + e.description }

func invalidGrant(description string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_grant", description}
}

// tokenResponse is the token endpoint's success body (RFC 6749 section 5.1,
// plus LinkedIn's refresh_token_expires_in).
type tokenResponse struct {
	AccessToken           string `json:"access_token"`
	TokenType             string `json:"token_type"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshToken          string `json:"refresh_token"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
	Scope                 string `json:"scope"`
}

// principal is the member an access token speaks for, with its scopes.
type principal struct {
	memberID string
	scopes   []string
	token    string
}

func (p principal) has(scope string) bool { return slices.Contains(p.scopes, scope) }

// grants is the authorization server's state, behind one mutex.
type grants struct {
	mu         sync.Mutex
	now        func() time.Time
	tokenTTL   time.Duration
	refreshTTL time.Duration
	codes      map[string]*authCode
	access     map[string]*accessToken
	refresh    map[string]*grant
}

func newGrants(now func() time.Time, tokenTTL, refreshTTL time.Duration) *grants {
	g := &grants{now: now, tokenTTL: tokenTTL, refreshTTL: refreshTTL}
	g.reset()
	return g
}

// reset forgets every code, grant and token.
func (g *grants) reset() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.codes = map[string]*authCode{}
	g.access = map[string]*accessToken{}
	g.refresh = map[string]*grant{}
}

// issueCode records an approved authorization request and returns its code.
func (g *grants) issueCode(c authCode) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	g.sweep(now)
	code := randomToken("ac_")
	c.expires = now.Add(codeTTL)
	g.codes[code] = &c
	return code
}

// redeemCode exchanges a code for a new grant's tokens. Every check that
// fails says invalid_grant, as RFC 6749 asks, with a description for people.
func (g *grants) redeemCode(clientID, code, redirectURI, verifier string) (*tokenResponse, *oauthError) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	c, ok := g.codes[code]
	switch {
	case !ok || !now.Before(c.expires):
		return nil, invalidGrant("the authorization code is unknown or expired")
	case c.clientID != clientID:
		return nil, invalidGrant("the authorization code was issued to another client")
	case c.grant != nil:
		g.revokeGrant(c.grant)
		return nil, invalidGrant("the authorization code was already used; the tokens it issued are revoked")
	case c.redirectURI != redirectURI:
		return nil, invalidGrant("redirect_uri does not match the authorization request")
	case !pkceMatches(verifier, c.challenge):
		return nil, invalidGrant("code_verifier does not match the code_challenge")
	}
	gr := &grant{
		memberID: c.memberID, clientID: c.clientID, scopes: c.scopes,
		refreshToken: randomToken("rt_"), refreshExpires: now.Add(g.refreshTTL),
		accessTokens: map[string]*accessToken{},
	}
	c.grant = gr
	g.refresh[gr.refreshToken] = gr
	return g.issueAccess(gr, gr.scopes, now), nil
}

// refreshGrant issues a new access token from a refresh token. The client
// may ask for fewer scopes than granted (never more); the refresh token and
// its expiry stay as they are.
func (g *grants) refreshGrant(clientID, refreshToken, scope string) (*tokenResponse, *oauthError) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	gr, ok := g.refresh[refreshToken]
	switch {
	case !ok || gr.revoked || !now.Before(gr.refreshExpires):
		return nil, invalidGrant("the refresh token is unknown, revoked or expired")
	case gr.clientID != clientID:
		return nil, invalidGrant("the refresh token was issued to another client")
	}
	scopes := gr.scopes
	if strings.TrimSpace(scope) != "" {
		asked, err := parseScopes(scope)
		if err != nil {
			return nil, &oauthError{http.StatusBadRequest, "invalid_scope", err.Error()}
		}
		for _, s := range asked {
			if !slices.Contains(gr.scopes, s) {
				return nil, &oauthError{http.StatusBadRequest, "invalid_scope", "scope " + s + " was not granted"}
			}
		}
		scopes = asked
	}
	return g.issueAccess(gr, scopes, now), nil
}

// issueAccess adds an access token to gr. The caller holds the lock.
func (g *grants) issueAccess(gr *grant, scopes []string, now time.Time) *tokenResponse {
	token := randomToken("at_")
	at := &accessToken{grant: gr, scopes: scopes, expires: now.Add(g.tokenTTL)}
	gr.accessTokens[token] = at
	g.access[token] = at
	return &tokenResponse{
		AccessToken: token, TokenType: "Bearer",
		ExpiresIn:             int64(g.tokenTTL / time.Second),
		RefreshToken:          gr.refreshToken,
		RefreshTokenExpiresIn: int64(gr.refreshExpires.Sub(now) / time.Second),
		Scope:                 strings.Join(scopes, " "),
	}
}

// revoke revokes the grant that token (access or refresh) belongs to. An
// unknown token is not an error (RFC 7009 section 2.2): the caller's goal,
// that the token no longer works, holds.
func (g *grants) revoke(clientID, token string) *oauthError {
	g.mu.Lock()
	defer g.mu.Unlock()
	gr := g.refresh[token]
	if at, ok := g.access[token]; ok {
		gr = at.grant
	}
	if gr == nil {
		return nil
	}
	if gr.clientID != clientID {
		return &oauthError{http.StatusBadRequest, "unauthorized_client", "the token was issued to another client"}
	}
	g.revokeGrant(gr)
	return nil
}

// revokeGrant drops gr's tokens. The caller holds the lock.
func (g *grants) revokeGrant(gr *grant) {
	gr.revoked = true
	delete(g.refresh, gr.refreshToken)
	for token := range gr.accessTokens {
		delete(g.access, token)
	}
	clear(gr.accessTokens)
}

// revokeMember revokes every grant of memberID: the member is gone.
func (g *grants) revokeMember(memberID string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, gr := range g.refresh {
		if gr.memberID == memberID {
			g.revokeGrant(gr)
		}
	}
	// A grant whose refresh token expired may still hold access tokens.
	for _, at := range g.access {
		if at.grant.memberID == memberID {
			g.revokeGrant(at.grant)
		}
	}
}

// authenticate returns the member an access token speaks for, if the token
// is known, unexpired and not revoked.
func (g *grants) authenticate(token string) (principal, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	at, ok := g.access[token]
	if !ok || !g.now().Before(at.expires) {
		return principal{}, false
	}
	return principal{memberID: at.grant.memberID, scopes: at.scopes, token: token}, true
}

// tokenCounts are a member's live tokens, for tests that check revocation.
type tokenCounts struct {
	MemberID      string   `json:"memberId"`
	AccessTokens  int      `json:"accessTokens"`
	RefreshTokens int      `json:"refreshTokens"`
	Clients       []string `json:"clients"`
}

// counts returns memberID's unexpired, unrevoked tokens.
func (g *grants) counts(memberID string) tokenCounts {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	out := tokenCounts{MemberID: memberID, Clients: []string{}}
	clients := map[string]bool{}
	for _, at := range g.access {
		if at.grant.memberID == memberID && now.Before(at.expires) {
			out.AccessTokens++
			clients[at.grant.clientID] = true
		}
	}
	for _, gr := range g.refresh {
		if gr.memberID == memberID && now.Before(gr.refreshExpires) {
			out.RefreshTokens++
			clients[gr.clientID] = true
		}
	}
	out.Clients = slices.AppendSeq(out.Clients, maps.Keys(clients))
	slices.Sort(out.Clients)
	return out
}

// sweep drops expired codes and tokens so a long-running simulator does not
// grow without bound. The caller holds the lock.
func (g *grants) sweep(now time.Time) {
	for code, c := range g.codes {
		if !now.Before(c.expires) {
			delete(g.codes, code)
		}
	}
	for token, at := range g.access {
		if !now.Before(at.expires) {
			delete(g.access, token)
			delete(at.grant.accessTokens, token)
		}
	}
	for token, gr := range g.refresh {
		if !now.Before(gr.refreshExpires) {
			delete(g.refresh, token)
		}
	}
}

// randomToken returns an unguessable opaque token; the prefix says what
// kind it is, which helps people reading logs of their own client.
func randomToken(prefix string) string {
	return prefix + base64.RawURLEncoding.EncodeToString(randomBytes(32))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return b
}
