package linkedin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// The member-event feed tells the application which members' lookups may
// have changed: a member created or removed, showing or hiding their
// profile, or verifying or dropping an email. It is the application's
// call, authenticated with the client's own credentials, not a member's.

// MaxMemberEventsWait is the longest long poll the network holds: a longer
// wait is cut to it.
const MaxMemberEventsWait = 30 * time.Second

// MemberEvents is one answer of the member-event feed.
type MemberEvents struct {
	// Events are the events after the position asked for, oldest first;
	// empty when none came within the wait.
	Events []MemberEvent `json:"events"`
	// Head is the newest event's Seq: poll again after the last event
	// handled, or after Head once Events is empty.
	Head int64 `json:"head"`
}

// MemberEvent says that lookups of a member may answer differently now.
type MemberEvent struct {
	// Seq numbers the events; polling after it acknowledges it.
	Seq      int64  `json:"seq"`
	MemberID string `json:"memberId"`
	// Emails are the member's verified emails after the change and those it
	// removed: forget what was cached for all of them.
	Emails []string `json:"emails"`
	// Visible is whether lookups find the member now; false once removed.
	Visible bool      `json:"visible"`
	Time    time.Time `json:"time"`
}

// MemberEvents reads the feed after position after, as subscriber (1 to 64
// of A-Z a-z 0-9 . _ : / -, stable across polls: the network waits for an
// active subscriber to poll past an event before it calls the event
// delivered). With no events yet it waits up to wait (at most
// MaxMemberEventsWait) for one. A position the feed no longer holds gives
// ErrEventsExpired: forget everything learned from the feed and continue
// from the head. The client needs ClientID and ClientSecret.
func (l *Client) MemberEvents(ctx context.Context, subscriber string, after int64, wait time.Duration) (*MemberEvents, error) {
	const op = "read member events"
	if !l.hasCredentials {
		return nil, &Error{Op: op, Err: errors.New("the member-event feed needs the client's ClientID and ClientSecret, which this client was built without")}
	}
	wait = min(max(wait, 0), MaxMemberEventsWait)
	// The network may hold the answer for wait: the usual timeout counts
	// from then.
	ctx, cancel := context.WithTimeout(ctx, wait+l.timeout)
	defer cancel()
	q := url.Values{"subscriber": {subscriber}, "after": {strconv.FormatInt(after, 10)}, "wait": {wait.String()}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.apiBase+"/v2/memberEvents?"+q.Encode(), nil)
	if err != nil {
		return nil, &Error{Op: op, Err: err}
	}
	req.SetBasicAuth(l.clientID, l.clientSecret)
	req.Header.Set("Accept", "application/json")
	var answer MemberEvents
	err = sendVia(l.longPoll, op, req, &answer)
	markKind(err, http.StatusGone, "", ErrEventsExpired)
	if err != nil {
		return nil, err
	}
	if answer.Events == nil {
		answer.Events = []MemberEvent{}
	}
	return &answer, nil
}
