package profilecard

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/liaisonhq/liaison/services/linkedin"
)

// memberEvents follows the network's member events (a member hid or showed
// their profile, or changed their verified emails) and forgets what the
// cache holds about those members. The network waits for every subscriber
// to have polled past an event before the member's change returns, so once
// a member has hidden, no lookup here shows them.
type memberEvents struct {
	network    Network
	profiles   *profiles
	subscriber string
	logger     *slog.Logger
	// polled is when the last poll answered, in Unix nanoseconds.
	polled atomic.Int64
}

const (
	// pollWait is how long one poll waits for an event. The network waits
	// 2 s for its subscribers to take a change in; polls answered at least
	// every pollWait let the cache stop being trusted (staleAfter) before
	// the network gives up on a replica whose poll stalled.
	pollWait = time.Second
	// pollPause is the pause after a failed poll.
	pollPause = time.Second
	// staleAfter is how long after the last answered poll the cache stops
	// being trusted: a member may have hidden meanwhile unheard.
	staleAfter = 1500 * time.Millisecond
)

// run polls until ctx ends. The first poll, and any after the events have
// expired, only learns where the events stand, after dropping everything
// the cache held.
func (m *memberEvents) run(ctx context.Context) {
	after := int64(-1) // not following yet
	for ctx.Err() == nil {
		from, wait := max(after, 0), pollWait
		if after < 0 {
			wait = 0
		}
		got, err := m.network.MemberEvents(ctx, m.subscriber, from, wait)
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, linkedin.ErrEventsExpired):
			m.polled.Store(0) // events were missed: trust nothing kept
			m.logger.WarnContext(ctx, "the network's member events expired; forgetting every cached profile")
			after = -1
			continue
		case err != nil:
			m.polled.Store(0) // a member may hide unheard meanwhile
			m.logger.WarnContext(ctx, "reading the network's member events failed; retrying", "error", err)
			sleep(ctx, pollPause)
			continue
		}
		switch n := len(got.Events); {
		case after < 0:
			m.profiles.forgetAll()
			after = got.Head
		case n > 0: // a long backlog comes in parts: go on after this one
			for _, e := range got.Events {
				m.profiles.forget(e.MemberID, lower(e.Emails))
			}
			after = got.Events[n-1].Seq
		default:
			after = got.Head
		}
		m.polled.Store(time.Now().UnixNano())
	}
}

// current says whether the cache may be trusted: the events are followed.
func (m *memberEvents) current() bool {
	last := m.polled.Load()
	return last != 0 && time.Since(time.Unix(0, last)) < staleAfter
}

func lower(emails []string) []string {
	out := make([]string, len(emails))
	for i, e := range emails {
		out[i] = strings.ToLower(e)
	}
	return out
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
