package linkedinsim

import (
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// subscriberPattern is what a subscriber may call itself: short, and safe
// to log.
var subscriberPattern = regexp.MustCompile(`^[A-Za-z0-9._:/-]{1,64}$`)

// memberEventsFeed serves GET /v2/memberEvents?after=N&wait=D&subscriber=ID.
// It is the application's call, not a member's: the OAuth client
// authenticates with HTTP Basic, and the per-token rate limit does not
// apply. Polling with after also acknowledges the events up to it (see
// acknowledge.go).
func (s *Sim) memberEventsFeed(w http.ResponseWriter, r *http.Request) {
	if !s.isRegisteredClient(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="linkedin-sim"`)
		writeError(w, http.StatusUnauthorized, errInvalidClient,
			"this call needs the application's client credentials: HTTP Basic client_id:client_secret")
		return
	}
	q := r.URL.Query()
	name := q.Get("subscriber")
	if !subscriberPattern.MatchString(name) {
		writeError(w, http.StatusBadRequest, errInvalidRequest,
			"subscriber must be 1 to 64 characters of A-Z a-z 0-9 . _ : / -, got %q", name)
		return
	}
	after := int64(0)
	if raw := q.Get("after"); raw != "" {
		var err error
		if after, err = strconv.ParseInt(raw, 10, 64); err != nil || after < 0 {
			writeError(w, http.StatusBadRequest, errInvalidRequest, "after must be a sequence number (0 or more), got %q", raw)
			return
		}
	}
	wait := time.Duration(0)
	if raw := q.Get("wait"); raw != "" {
		var err error
		if wait, err = time.ParseDuration(raw); err != nil || wait < 0 {
			writeError(w, http.StatusBadRequest, errInvalidRequest, "wait must be a duration such as 25s, got %q", raw)
			return
		}
	}
	page, err := s.events.poll(r.Context().Done(), name, after, min(wait, maxMemberEventsWait))
	if err != nil {
		writeFailure(w, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

// isRegisteredClient reports whether r carries a registered client's id
// and secret in HTTP Basic.
func (s *Sim) isRegisteredClient(r *http.Request) bool {
	id, secret, ok := r.BasicAuth()
	if !ok {
		return false
	}
	c, known := s.clients[id]
	return known && c.authenticate(secret)
}
