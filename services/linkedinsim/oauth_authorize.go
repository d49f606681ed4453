package linkedinsim

import (
	"net/http"
	"net/url"
	"strings"
)

// The authorization endpoint (RFC 6749 section 4.1.1, with PKCE). GET shows
// the member a consent page, or with auto-approve and a known login_hint
// answers at once; the page's buttons POST the decision back here.

// authorizationRequest is a validated authorization request.
type authorizationRequest struct {
	clientID    string
	redirectURI string
	scopes      []string
	state       string
	challenge   string
	loginHint   string
}

// params returns the request as the form fields the consent page posts back.
func (a *authorizationRequest) params() url.Values {
	return url.Values{
		"response_type":         {"code"},
		"client_id":             {a.clientID},
		"redirect_uri":          {a.redirectURI},
		"scope":                 {strings.Join(a.scopes, " ")},
		"state":                 {a.state},
		"code_challenge":        {a.challenge},
		"code_challenge_method": {pkceMethodS256},
		"login_hint":            {a.loginHint},
	}
}

// parseAuthorization validates an authorization request. Until the client
// and its redirect URI are known good, errors must not redirect (RFC 6749
// section 4.1.2.1: that would make the simulator an open redirector), so
// they come back as a message for the person at the browser (fatal). Later
// errors go back to the client in the redirect.
func (s *Sim) parseAuthorization(v url.Values) (req *authorizationRequest, fatal string, redirectErr *oauthError) {
	c, ok := s.clients[v.Get("client_id")]
	if !ok {
		return nil, "The application (client_id " + v.Get("client_id") + ") is not registered.", nil
	}
	redirectURI := v.Get("redirect_uri")
	if u, err := url.Parse(redirectURI); err != nil || !u.IsAbs() || u.Fragment != "" || !c.allowsRedirect(redirectURI) {
		return nil, "The redirect_uri " + redirectURI + " is not registered for " + c.id + ".", nil
	}
	req = &authorizationRequest{
		clientID: c.id, redirectURI: redirectURI, state: v.Get("state"),
		challenge: v.Get("code_challenge"), loginHint: v.Get("login_hint"),
	}
	bad := func(code, description string) (*authorizationRequest, string, *oauthError) {
		return req, "", &oauthError{http.StatusBadRequest, code, description}
	}
	if rt := v.Get("response_type"); rt != "code" {
		return bad("unsupported_response_type", "response_type must be code, got "+rt)
	}
	scopes, err := parseScopes(v.Get("scope"))
	if err != nil {
		return bad("invalid_scope", err.Error())
	}
	req.scopes = scopes
	if m := v.Get("code_challenge_method"); m != pkceMethodS256 {
		return bad("invalid_request", "PKCE is required with code_challenge_method=S256, got "+m)
	}
	if !pkceChallengePattern.MatchString(req.challenge) {
		return bad("invalid_request", "code_challenge must be the unpadded base64url SHA-256 of the code_verifier")
	}
	return req, "", nil
}

// authorizePage serves GET /oauth/v2/authorization.
func (s *Sim) authorizePage(w http.ResponseWriter, r *http.Request) {
	req, fatal, redirectErr := s.parseAuthorization(r.URL.Query())
	switch {
	case fatal != "":
		renderAuthorizationError(w, fatal)
		return
	case redirectErr != nil:
		redirectWith(w, r, req.redirectURI, url.Values{"error": {redirectErr.code}, "error_description": {redirectErr.description}}, req.state)
		return
	}
	hinted, found := s.net.memberByEmail(req.loginHint)
	if found && s.settings.AutoApprove {
		s.approve(w, r, req, hinted.ID)
		return
	}
	s.renderConsent(w, req, hinted, "")
}

// authorizeDecision serves POST /oauth/v2/authorization: the consent page's
// Approve or Deny.
func (s *Sim) authorizeDecision(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	if err := r.ParseForm(); err != nil {
		renderAuthorizationError(w, "The form could not be read: "+err.Error())
		return
	}
	req, fatal, redirectErr := s.parseAuthorization(r.PostForm)
	switch {
	case fatal != "":
		renderAuthorizationError(w, fatal)
		return
	case redirectErr != nil:
		redirectWith(w, r, req.redirectURI, url.Values{"error": {redirectErr.code}, "error_description": {redirectErr.description}}, req.state)
		return
	}
	switch r.PostForm.Get("decision") {
	case "deny":
		redirectWith(w, r, req.redirectURI, url.Values{"error": {"access_denied"}, "error_description": {"the member denied the request"}}, req.state)
	case "approve":
		m, ok := s.net.member(r.PostForm.Get("member"))
		if !ok {
			hinted, _ := s.net.memberByEmail(req.loginHint)
			s.renderConsent(w, req, hinted, "Choose the member to sign in as.")
			return
		}
		s.approve(w, r, req, m.ID)
	default:
		renderAuthorizationError(w, "The decision must be approve or deny.")
	}
}

// approve issues a code for memberID and sends the browser back to the client.
func (s *Sim) approve(w http.ResponseWriter, r *http.Request, req *authorizationRequest, memberID string) {
	code := s.grants.issueCode(authCode{
		clientID: req.clientID, redirectURI: req.redirectURI, challenge: req.challenge,
		memberID: memberID, scopes: req.scopes,
	})
	s.logger.InfoContext(r.Context(), "authorization approved", "member", memberID, "client", req.clientID, "scopes", strings.Join(req.scopes, " "))
	redirectWith(w, r, req.redirectURI, url.Values{"code": {code}}, req.state)
}

// redirectWith sends the browser to base with params (and state, when the
// client sent one) added to its query, keeping the query base already has.
func redirectWith(w http.ResponseWriter, r *http.Request, base string, params url.Values, state string) {
	u, _ := url.Parse(base) // parseAuthorization checked it parses
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	if state != "" {
		q.Set("state", state)
	}
	u.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusFound)
}
