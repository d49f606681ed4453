package linkedinsim

import (
	"bytes"
	"net/http"
	"strconv"
)

// An admin change that appends member events answers only once the feed's
// active subscribers have handled them: "the PATCH returned" then means
// "every app that was listening has forgotten what it cached", and tests
// need no polling loop to see the effect. A subscriber is active when it
// polled in the last 30 seconds; it has handled an event once it polls with
// after at or past the event's seq. After 2 seconds the change answers
// anyway, with X-Sim-Unacknowledged counting the subscribers that lag.

// unacknowledgedHeader counts the active subscribers that had not handled
// the change's events when the admin call answered.
const unacknowledgedHeader = "X-Sim-Unacknowledged"

// awaitAcknowledgement holds back the answer of an admin change that
// appended member events until the active subscribers have handled them.
// It compares the feed's head before and after the call, so a change made
// at the same time by another caller may be waited for too: harmless, the
// wait is bounded.
func (s *Sim) awaitAcknowledgement(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		before := s.events.currentHead()
		held := &heldResponse{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(held, r)
		if head := s.events.currentHead(); head > before {
			if lagging := s.events.awaitAcknowledged(r.Context().Done(), head); lagging > 0 {
				held.header.Set(unacknowledgedHeader, strconv.Itoa(lagging))
			}
		}
		held.sendTo(w)
	})
}

// heldResponse keeps a handler's answer until it may be sent.
type heldResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldResponse) Header() http.Header         { return h.header }
func (h *heldResponse) WriteHeader(status int)      { h.status = status }
func (h *heldResponse) Write(b []byte) (int, error) { return h.body.Write(b) }

func (h *heldResponse) sendTo(w http.ResponseWriter) {
	for k, v := range h.header {
		w.Header()[k] = v
	}
	w.WriteHeader(h.status)
	_, _ = w.Write(h.body.Bytes()) // the client went away; nothing to do
}
