package linkedinsim_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/services/linkedinsim"
)

func TestAuthorizationCodeFlowWithPKCE(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("Alice@Contoso.com", allScopes)
	if tok.TokenType != "Bearer" || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token response %+v lacks tokens", tok)
	}
	if tok.ExpiresIn != 3600 || tok.RefreshTokenExpiresIn != 30*24*3600 {
		t.Errorf("lifetimes %d/%d, want the defaults 1h and 30 days", tok.ExpiresIn, tok.RefreshTokenExpiresIn)
	}
	if tok.Scope != allScopes {
		t.Errorf("scope %q, want %q", tok.Scope, allScopes)
	}

	r := h.do("GET", "/v2/userinfo", tok.AccessToken, nil)
	expect(t, r, http.StatusOK, "userinfo")
	info := r.json(t)
	want := map[string]any{"sub": "m-alice", "given_name": "Alice", "family_name": "Wong", "email": "alice@contoso.com", "email_verified": true}
	for k, v := range want {
		if info[k] != v {
			t.Errorf("userinfo %s = %v, want %v", k, info[k], v)
		}
	}
}

func TestUserinfoShowsOnlyWhatTheScopesAllow(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("bob@contoso.com", "openid r_network")
	info := h.do("GET", "/v2/userinfo", tok.AccessToken, nil).json(t)
	if info["sub"] != "m-bob" || info["email"] != nil || info["given_name"] != nil {
		t.Errorf("userinfo without profile and email scopes: %v", info)
	}
	r := h.do("GET", "/v2/me", tok.AccessToken, nil)
	expect(t, r, http.StatusForbidden, "/v2/me without the profile scope")
	if r.errorCode(t) != "insufficient_scope" {
		t.Errorf("error %q, want insufficient_scope", r.errorCode(t))
	}
}

// hiddenFields reads the consent form's hidden inputs.
func hiddenFields(t *testing.T, page string) url.Values {
	t.Helper()
	re := regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
	form := url.Values{}
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	if form.Get("client_id") == "" {
		t.Fatalf("the consent page has no form carrying the request:\n%s", page)
	}
	return form
}

func TestConsentPageApproveAndDeny(t *testing.T) {
	h := newHarness(t, func(s *linkedinsim.Settings) { s.AutoApprove = false })
	verifier, challenge := pkcePair(t)

	// With a login_hint the page names the member; Approve issues a code.
	page := h.do("GET", "/oauth/v2/authorization?"+authorizeQuery("alice@contoso.com", readScopes, challenge).Encode(), "", nil)
	expect(t, page, http.StatusOK, "consent page")
	for _, want := range []string{"Alice Wong", "liaison-dev", "first-degree connections", `value="approve"`, `value="deny"`} {
		if !strings.Contains(string(page.body), want) {
			t.Errorf("the consent page lacks %q", want)
		}
	}
	form := hiddenFields(t, string(page.body))
	form.Set("decision", "approve")
	q := redirectParams(t, h.do("POST", "/oauth/v2/authorization", "", form))
	if q.Get("state") != "st-42" || q.Get("code") == "" {
		t.Fatalf("approve redirected with %v", q)
	}
	expect(t, h.exchange(q.Get("code"), callbackURL, verifier), http.StatusOK, "exchanging the approved code")

	// Deny sends the client access_denied and no code.
	form.Set("decision", "deny")
	q = redirectParams(t, h.do("POST", "/oauth/v2/authorization", "", form))
	if q.Get("error") != "access_denied" || q.Get("code") != "" || q.Get("state") != "st-42" {
		t.Errorf("deny redirected with %v", q)
	}
}

func TestConsentPageOffersMembersWithoutALoginHint(t *testing.T) {
	h := newHarness(t, nil) // auto-approve needs a hint; without one, the page
	verifier, challenge := pkcePair(t)
	query := authorizeQuery("", readScopes, challenge)
	page := h.do("GET", "/oauth/v2/authorization?"+query.Encode(), "", nil)
	expect(t, page, http.StatusOK, "consent page")
	if !strings.Contains(string(page.body), `<option value="m-dana">`) {
		t.Fatalf("no member choice on the page:\n%s", page.body)
	}
	form := hiddenFields(t, string(page.body))
	form.Set("decision", "approve")
	expect(t, h.do("POST", "/oauth/v2/authorization", "", form), http.StatusOK, "approve without choosing a member re-shows the page")

	form.Set("member", "m-dana")
	q := redirectParams(t, h.do("POST", "/oauth/v2/authorization", "", form))
	r := h.exchange(q.Get("code"), callbackURL, verifier)
	expect(t, r, http.StatusOK, "exchange")
	var tok tokens
	r.decode(t, &tok)
	if sub := h.do("GET", "/v2/userinfo", tok.AccessToken, nil).json(t)["sub"]; sub != "m-dana" {
		t.Errorf("signed in as %v, want m-dana", sub)
	}
}

func TestCodeRedemptionChecks(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		name   string
		redeem func(code, verifier string) response
	}{
		{"wrong verifier", func(code, _ string) response {
			other, _ := pkcePair(t)
			return h.exchange(code, callbackURL, other)
		}},
		{"no verifier", func(code, _ string) response { return h.exchange(code, callbackURL, "") }},
		{"other redirect uri", func(code, verifier string) response {
			return h.exchange(code, "http://localhost:8080/elsewhere", verifier)
		}},
		{"unknown code", func(_, verifier string) response { return h.exchange("ac_made-up", callbackURL, verifier) }},
		{"expired code", func(code, verifier string) response {
			h.clock.advance(5*time.Minute + time.Second)
			return h.exchange(code, callbackURL, verifier)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			verifier, challenge := pkcePair(t)
			code := h.authorize("alice@contoso.com", readScopes, challenge)
			r := tt.redeem(code, verifier)
			expect(t, r, http.StatusBadRequest, tt.name)
			if r.errorCode(t) != "invalid_grant" {
				t.Errorf("error %q, want invalid_grant", r.errorCode(t))
			}
		})
	}
}

func TestReusedCodeIsRejectedAndRevokesItsTokens(t *testing.T) {
	h := newHarness(t, nil)
	verifier, challenge := pkcePair(t)
	code := h.authorize("alice@contoso.com", readScopes, challenge)
	first := h.exchange(code, callbackURL, verifier)
	expect(t, first, http.StatusOK, "first exchange")
	var tok tokens
	first.decode(t, &tok)

	second := h.exchange(code, callbackURL, verifier)
	expect(t, second, http.StatusBadRequest, "second exchange of the same code")
	if second.errorCode(t) != "invalid_grant" {
		t.Errorf("error %q, want invalid_grant", second.errorCode(t))
	}
	// RFC 6749 4.1.2: a replayed code revokes what it issued.
	expect(t, h.do("GET", "/v2/userinfo", tok.AccessToken, nil), http.StatusUnauthorized, "userinfo after the code was replayed")
}

func TestClientAuthentication(t *testing.T) {
	h := newHarness(t, nil)
	r := h.do("POST", "/oauth/v2/accessToken", "", url.Values{
		"grant_type": {"authorization_code"}, "code": {"x"}, "client_id": {devClient}, "client_secret": {"wrong"},
	})
	expect(t, r, http.StatusUnauthorized, "wrong client secret")
	if r.errorCode(t) != "invalid_client" {
		t.Errorf("error %q, want invalid_client", r.errorCode(t))
	}
	if cc := r.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
}

func TestAuthorizationRequestValidation(t *testing.T) {
	h := newHarness(t, nil)
	_, challenge := pkcePair(t)
	tests := []struct {
		name   string
		change func(url.Values)
		// wantError is the error redirected to the client; "" means the
		// request must not redirect at all (400 page for the person).
		wantError string
	}{
		{"unknown client", func(q url.Values) { q.Set("client_id", "nobody") }, ""},
		{"unregistered redirect", func(q url.Values) { q.Set("redirect_uri", "https://evil.example/cb") }, ""},
		{"look-alike host", func(q url.Values) { q.Set("redirect_uri", "http://localhost.evil.example/cb") }, ""},
		{"plain PKCE", func(q url.Values) { q.Set("code_challenge_method", "plain") }, "invalid_request"},
		{"no challenge", func(q url.Values) { q.Del("code_challenge") }, "invalid_request"},
		{"unknown scope", func(q url.Values) { q.Set("scope", "openid r_everything") }, "invalid_scope"},
		{"token response type", func(q url.Values) { q.Set("response_type", "token") }, "unsupported_response_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := authorizeQuery("alice@contoso.com", readScopes, challenge)
			tt.change(q)
			r := h.do("GET", "/oauth/v2/authorization?"+q.Encode(), "", nil)
			if tt.wantError == "" {
				expect(t, r, http.StatusBadRequest, tt.name)
				return
			}
			if got := redirectParams(t, r).Get("error"); got != tt.wantError {
				t.Errorf("error %q, want %q", got, tt.wantError)
			}
		})
	}
}

func TestDevClientAcceptsBothLoopbackSpellings(t *testing.T) {
	h := newHarness(t, nil)
	for _, redirect := range []string{"http://localhost:8080/v1/linkedin/callback", "http://127.0.0.1:53117/v1/linkedin/callback"} {
		verifier, challenge := pkcePair(t)
		q := authorizeQuery("bob@contoso.com", readScopes, challenge)
		q.Set("redirect_uri", redirect)
		r := h.do("GET", "/oauth/v2/authorization?"+q.Encode(), "", nil)
		expect(t, r, http.StatusFound, redirect)
		loc, _ := url.Parse(r.header.Get("Location"))
		expect(t, h.exchange(loc.Query().Get("code"), redirect, verifier), http.StatusOK, "exchange for "+redirect)
	}
}

func TestRefreshIssuesANewAccessToken(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("alice@contoso.com", allScopes)
	h.clock.advance(2 * time.Hour) // past the access token's hour
	expect(t, h.do("GET", "/v2/userinfo", tok.AccessToken, nil), http.StatusUnauthorized, "userinfo with an expired token")

	refresh := func(scope string) response {
		form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken},
			"client_id": {devClient}, "client_secret": {devSecret}}
		if scope != "" {
			form.Set("scope", scope)
		}
		return h.do("POST", "/oauth/v2/accessToken", "", form)
	}
	r := refresh("")
	expect(t, r, http.StatusOK, "refresh")
	var next tokens
	r.decode(t, &next)
	if next.AccessToken == tok.AccessToken || next.RefreshToken != tok.RefreshToken {
		t.Errorf("refresh gave %+v; want a new access token and the same refresh token", next)
	}
	if next.RefreshTokenExpiresIn != tok.RefreshTokenExpiresIn-2*3600 {
		t.Errorf("refresh_token_expires_in %d: refreshing must not extend the refresh token", next.RefreshTokenExpiresIn)
	}
	expect(t, h.do("GET", "/v2/userinfo", next.AccessToken, nil), http.StatusOK, "userinfo with the refreshed token")

	// A narrower scope is fine (a consent downgrade); a wider one is not.
	r = refresh("openid r_network")
	expect(t, r, http.StatusOK, "refresh with fewer scopes")
	r.decode(t, &next)
	expect(t, h.do("GET", "/v2/contactImports", next.AccessToken, nil), http.StatusForbidden, "contact import with the narrowed token")

	h.clock.advance(31 * 24 * time.Hour)
	r = refresh("")
	expect(t, r, http.StatusBadRequest, "refresh after the refresh token expired")
	if r.errorCode(t) != "invalid_grant" {
		t.Errorf("error %q, want invalid_grant", r.errorCode(t))
	}
}

func TestRevokeEndsTheWholeGrant(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("alice@contoso.com", allScopes)
	counts := h.do("GET", "/sim/tokens/m-alice", "", nil).json(t)
	if counts["accessTokens"] != 1.0 || counts["refreshTokens"] != 1.0 {
		t.Fatalf("before revocation: %v", counts)
	}

	// Revoking the refresh token also ends the access token: disconnect
	// needs only one call.
	r := h.do("POST", "/oauth/v2/revoke", "", url.Values{
		"token": {tok.RefreshToken}, "client_id": {devClient}, "client_secret": {devSecret},
	})
	expect(t, r, http.StatusOK, "revoke")
	u := h.do("GET", "/v2/userinfo", tok.AccessToken, nil)
	expect(t, u, http.StatusUnauthorized, "userinfo after revocation")
	if !strings.Contains(u.header.Get("WWW-Authenticate"), "invalid_token") {
		t.Errorf("WWW-Authenticate %q lacks invalid_token", u.header.Get("WWW-Authenticate"))
	}
	counts = h.do("GET", "/sim/tokens/m-alice", "", nil).json(t)
	if counts["accessTokens"] != 0.0 || counts["refreshTokens"] != 0.0 {
		t.Errorf("after revocation: %v", counts)
	}
	refresh := h.do("POST", "/oauth/v2/accessToken", "", url.Values{"grant_type": {"refresh_token"},
		"refresh_token": {tok.RefreshToken}, "client_id": {devClient}, "client_secret": {devSecret}})
	expect(t, refresh, http.StatusBadRequest, "refresh after revocation")

	// Revoking again, or an unknown token, still succeeds (RFC 7009).
	expect(t, h.do("POST", "/oauth/v2/revoke", "", url.Values{
		"token": {tok.AccessToken}, "client_id": {devClient}, "client_secret": {devSecret},
	}), http.StatusOK, "revoking a revoked token")
}

func TestMissingBearerToken(t *testing.T) {
	h := newHarness(t, nil)
	r := h.do("GET", "/v2/connections", "", nil)
	expect(t, r, http.StatusUnauthorized, "no token")
	if r.header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
}
