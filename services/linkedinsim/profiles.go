package linkedinsim

import (
	"net/http"
	"strings"
)

// The member-facing read endpoints: who am I (userinfo), my profile (me),
// and another member's public profile by email (people).

// userinfo is the OIDC-style answer of GET /v2/userinfo. Names need the
// profile scope and the email the email scope, as in OpenID Connect.
type userinfo struct {
	Sub           string `json:"sub"`
	Name          string `json:"name,omitempty"`
	GivenName     string `json:"given_name,omitempty"`
	FamilyName    string `json:"family_name,omitempty"`
	Picture       string `json:"picture,omitempty"`
	Email         string `json:"email,omitempty"`
	EmailVerified bool   `json:"email_verified,omitempty"`
}

func (s *Sim) userinfo(w http.ResponseWriter, r *http.Request, caller principal) {
	m, ok := s.net.member(caller.memberID)
	if !ok {
		writeError(w, http.StatusNotFound, errNotFound, "the member of this token no longer exists")
		return
	}
	info := userinfo{Sub: m.ID}
	if caller.has(ScopeProfile) {
		info.Name = strings.TrimSpace(m.FirstName + " " + m.LastName)
		info.GivenName, info.FamilyName, info.Picture = m.FirstName, m.LastName, m.PhotoURL
	}
	if caller.has(ScopeEmail) {
		info.Email, info.EmailVerified = m.VerifiedEmails[0], true
	}
	writeJSON(w, http.StatusOK, info)
}

// me serves GET /v2/me: the caller's own profile, with the interests and
// subscriptions seed 004 lists among what LinkedIn shares.
func (s *Sim) me(w http.ResponseWriter, r *http.Request, caller principal) {
	m, ok := s.net.member(caller.memberID)
	if !ok {
		writeError(w, http.StatusNotFound, errNotFound, "the member of this token no longer exists")
		return
	}
	writeJSON(w, http.StatusOK, m)
}

// people serves GET /v2/people?email=: the public profile of the member who
// verified that email, with their connection degree from the caller.
// Unknown and hidden members are both 404, with different error codes so
// the profile card can say why there is no LinkedIn section (PRODUCT.md B8).
func (s *Sim) people(w http.ResponseWriter, r *http.Request, caller principal) {
	email := r.URL.Query().Get("email")
	if email == "" {
		writeError(w, http.StatusBadRequest, errInvalidRequest, "the email query parameter is required")
		return
	}
	m, degree, ok := s.net.profileByEmail(caller.memberID, email)
	switch {
	case !ok:
		writeError(w, http.StatusNotFound, errNotFound, "no LinkedIn member has verified %s", email)
	case !m.VisibleInMicrosoftApps:
		writeError(w, http.StatusNotFound, errProfileHidden, "the member chose not to show their profile in Microsoft apps")
	default:
		writeJSON(w, http.StatusOK, m.publicProfile(degree))
	}
}
