package linkedinsim

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// memberHandler serves a /v2 call made with a member's access token.
type memberHandler func(w http.ResponseWriter, r *http.Request, caller principal)

// asMember guards a /v2 endpoint: the caller must present a live access
// token (401 otherwise), stay within the rate limit (429), and hold at least
// one of anyOf (403).
func (s *Sim) asMember(h memberHandler, anyOf ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="linkedin-sim"`)
			writeError(w, http.StatusUnauthorized, errUnauthorized, "an access token is required: Authorization: Bearer TOKEN")
			return
		}
		caller, ok := s.grants.authenticate(token)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="linkedin-sim", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, errUnauthorized, "the access token is unknown, expired or revoked")
			return
		}
		if allowed, wait := s.limiter.allow(token); !allowed {
			// Retry-After takes whole seconds; round up so a client that
			// obeys it is never refused again for the same reason.
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
			writeError(w, http.StatusTooManyRequests, errRateLimited,
				"more than %g requests per second with this access token", s.settings.RateLimit)
			return
		}
		if !slices.ContainsFunc(anyOf, caller.has) {
			w.Header().Set("WWW-Authenticate",
				fmt.Sprintf(`Bearer realm="linkedin-sim", error="insufficient_scope", scope=%q`, strings.Join(anyOf, " ")))
			writeError(w, http.StatusForbidden, errInsufficientScope,
				"this call needs the scope %s, which the member did not grant", strings.Join(anyOf, " or "))
			return
		}
		h(w, r, caller)
	}
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}
