package linkedinsim

import (
	"net/http"
	"net/url"
)

// The token endpoint (RFC 6749 sections 4.1.3 and 6) and the revocation
// endpoint (RFC 7009). Clients authenticate with client_id and
// client_secret in the form, as LinkedIn expects, or with HTTP Basic, which
// generic OAuth libraries use.

// accessToken serves POST /oauth/v2/accessToken.
func (s *Sim) accessToken(w http.ResponseWriter, r *http.Request) {
	c, form, oerr := s.authenticateClient(w, r)
	if oerr != nil {
		writeOAuthError(w, oerr)
		return
	}
	var resp *tokenResponse
	switch form.Get("grant_type") {
	case "authorization_code":
		if form.Get("code") == "" {
			oerr = &oauthError{http.StatusBadRequest, "invalid_request", "code is required"}
			break
		}
		resp, oerr = s.grants.redeemCode(c.id, form.Get("code"), form.Get("redirect_uri"), form.Get("code_verifier"))
	case "refresh_token":
		if form.Get("refresh_token") == "" {
			oerr = &oauthError{http.StatusBadRequest, "invalid_request", "refresh_token is required"}
			break
		}
		resp, oerr = s.grants.refreshGrant(c.id, form.Get("refresh_token"), form.Get("scope"))
	default:
		oerr = &oauthError{http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token"}
	}
	if oerr != nil {
		s.logger.InfoContext(r.Context(), "token request refused", "client", c.id, "error", oerr.code, "reason", oerr.description)
		writeOAuthError(w, oerr)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, resp)
}

// revoke serves POST /oauth/v2/revoke: the token's whole grant (its access
// and refresh tokens) stops working.
func (s *Sim) revoke(w http.ResponseWriter, r *http.Request) {
	c, form, oerr := s.authenticateClient(w, r)
	if oerr == nil && form.Get("token") == "" {
		oerr = &oauthError{http.StatusBadRequest, "invalid_request", "token is required"}
	}
	if oerr == nil {
		oerr = s.grants.revoke(c.id, form.Get("token"))
	}
	if oerr != nil {
		writeOAuthError(w, oerr)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// authenticateClient reads the form and the client's credentials, from the
// form or HTTP Basic. Only the body counts: RFC 6749 keeps credentials and
// codes out of URLs, which end up in logs.
func (s *Sim) authenticateClient(w http.ResponseWriter, r *http.Request) (*client, url.Values, *oauthError) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	if err := r.ParseForm(); err != nil {
		return nil, nil, &oauthError{http.StatusBadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded: " + err.Error()}
	}
	form := r.PostForm
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	c, ok := s.clients[id]
	if !ok || !c.authenticate(secret) {
		if basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="linkedin-sim"`)
		}
		return nil, nil, &oauthError{http.StatusUnauthorized, "invalid_client", "unknown client or wrong client_secret"}
	}
	return c, form, nil
}
