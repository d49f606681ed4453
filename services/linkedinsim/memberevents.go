package linkedinsim

import (
	"net/http"
	"slices"
	"sync"
	"time"
)

// The member-visibility event feed: the simulator's stand-in for LinkedIn's
// webhooks. Every change that can change what a lookup by email answers (a
// member created, removed, showing or hiding their profile, verifying or
// dropping an email) appends one event, so an app that caches lookups
// knows what to forget. The log is global and bounded: a consumer that
// falls behind the kept history is told to start again (410 Gone).

// MemberEvent is one entry of the member-visibility feed.
type MemberEvent struct {
	// Seq numbers the events from 1, without gaps; it never goes back, not
	// even on a reset of the network.
	Seq      int64  `json:"seq"`
	MemberID string `json:"memberId"`
	// Emails are the member's verified emails after the change and, after
	// those, the ones the change removed: a consumer forgets them all.
	Emails []string `json:"emails"`
	// Visible is whether lookups find the member after the change; false
	// once the member is gone.
	Visible bool      `json:"visible"`
	Time    time.Time `json:"time"`
}

// Bounds of the feed.
const (
	// memberEventHistory is how many events the log keeps.
	memberEventHistory = 10_000
	// memberEventsPerAnswer is the most events one poll returns.
	memberEventsPerAnswer = 500
	// maxMemberEventsWait caps a long poll.
	maxMemberEventsWait = 30 * time.Second
	// subscribersBeforePruning bounds the subscriber table: past it, idle
	// subscribers are forgotten.
	subscribersBeforePruning = 1_000
)

// Defaults of the delivery acknowledgement (WithAcknowledgement changes them).
const (
	defaultSubscriberActive = 30 * time.Second
	defaultAckTimeout       = 2 * time.Second
)

// memberEvents is the feed's log and its subscribers. Appends happen under
// the network's mutex, which is taken before this one and never after.
type memberEvents struct {
	mu  sync.Mutex
	now func() time.Time
	// events are the kept events, oldest first, with consecutive seqs.
	events []MemberEvent
	head   int64
	// subscribers maps each subscriber to how far it has handled the feed.
	subscribers map[string]*subscriber
	// active is how recently a subscriber must have polled to be waited
	// for; ackTimeout is how long an admin change waits at most.
	active     time.Duration
	ackTimeout time.Duration
	// appended and acked are closed and replaced whenever an event is
	// appended or a subscriber polls: they only wake waiters, who then
	// look at the state again, so a missed wake-up loses nothing.
	appended chan struct{}
	acked    chan struct{}
	// closed ends every wait: the server is shutting down.
	closed    chan struct{}
	closeOnce sync.Once
}

// subscriber is a consumer of the feed, named by itself.
type subscriber struct {
	// after is the after of its last poll: it has handled every event up
	// to it.
	after int64
	// seen is when it last polled or was last answered.
	seen time.Time
}

func newMemberEvents(now func() time.Time) *memberEvents {
	return &memberEvents{
		now: now, subscribers: map[string]*subscriber{},
		active: defaultSubscriberActive, ackTimeout: defaultAckTimeout,
		appended: make(chan struct{}), acked: make(chan struct{}), closed: make(chan struct{}),
	}
}

// add appends an event about member. emails are its verified emails after
// the change, removed those the change dropped.
func (l *memberEvents) add(memberID string, visible bool, emails, removed []string) {
	all := slices.Clone(emails)
	for _, e := range removed {
		if !slices.Contains(all, e) {
			all = append(all, e)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.head++
	l.events = append(l.events, MemberEvent{
		Seq: l.head, MemberID: memberID, Emails: orEmpty(all), Visible: visible, Time: l.now().UTC(),
	})
	// Dropping from the front keeps appends cheap: append reallocates
	// (copying only the kept events) once the backing array is used up.
	if len(l.events) > memberEventHistory {
		l.events = l.events[len(l.events)-memberEventHistory:]
	}
	close(l.appended)
	l.appended = make(chan struct{})
}

// currentHead returns the seq of the newest event (0 when none yet).
func (l *memberEvents) currentHead() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.head
}

// memberEventPage is the answer of one poll.
type memberEventPage struct {
	Events []MemberEvent `json:"events"`
	Head   int64         `json:"head"`
}

// poll records that subscriber name has handled the events up to after
// and returns the events after it. When there are none it waits up to wait
// for one, or until done closes (the client went away).
func (l *memberEvents) poll(done <-chan struct{}, name string, after int64, wait time.Duration) (memberEventPage, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.checkAfterLocked(after); err != nil {
		return memberEventPage{}, err
	}
	l.recordLocked(name, after)
	if l.head == after && wait > 0 {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		// Only an append closes appended: one wake-up is news.
		l.waitLocked(l.appended, timer.C, done)
	}
	// Answering counts as activity: a subscriber in a long poll has not
	// gone quiet.
	if s := l.subscribers[name]; s != nil {
		s.seen = l.now()
	}
	return memberEventPage{Events: l.eventsAfterLocked(after), Head: l.head}, nil
}

// waitLocked releases the lock until wake closes (it reports true), the
// deadline passes, done closes or the log closes, and takes it again.
func (l *memberEvents) waitLocked(wake <-chan struct{}, deadline <-chan time.Time, done <-chan struct{}) bool {
	l.mu.Unlock()
	defer l.mu.Lock()
	select {
	case <-wake:
		return true
	case <-deadline:
	case <-done:
	case <-l.closed:
	}
	return false
}

// checkAfterLocked refuses a position the log cannot continue from: in the
// future (the consumer saw another history) or older than the kept events
// (some are lost). after 0 is a new consumer, who has nothing to forget.
func (l *memberEvents) checkAfterLocked(after int64) error {
	oldestKept := l.head + 1
	if len(l.events) > 0 {
		oldestKept = l.events[0].Seq
	}
	if after > l.head || (after > 0 && after < oldestKept-1) {
		return failf(http.StatusGone, errSyncTokenExpired,
			"after=%d is outside the kept events (%d to %d); forget what you cached and continue from after=%d",
			after, oldestKept, l.head, l.head)
	}
	return nil
}

// eventsAfterLocked returns at most memberEventsPerAnswer events after
// after, which checkAfterLocked accepted.
func (l *memberEvents) eventsAfterLocked(after int64) []MemberEvent {
	out := []MemberEvent{}
	if len(l.events) == 0 {
		return out
	}
	start := max(0, int(after-l.events[0].Seq+1))
	end := min(len(l.events), start+memberEventsPerAnswer)
	return append(out, l.events[start:end]...)
}

// recordLocked remembers that name polled with after, and wakes the admin
// calls waiting for acknowledgements.
func (l *memberEvents) recordLocked(name string, after int64) {
	now := l.now()
	s, ok := l.subscribers[name]
	if !ok {
		if len(l.subscribers) >= subscribersBeforePruning {
			l.pruneLocked(now)
		}
		s = &subscriber{}
		l.subscribers[name] = s
	}
	s.after, s.seen = after, now
	close(l.acked)
	l.acked = make(chan struct{})
}

// pruneLocked forgets subscribers that are no longer waited for.
func (l *memberEvents) pruneLocked(now time.Time) {
	for name, s := range l.subscribers {
		if !l.isActive(s, now) {
			delete(l.subscribers, name)
		}
	}
}

func (l *memberEvents) isActive(s *subscriber, now time.Time) bool {
	return now.Sub(s.seen) <= l.active
}

// unacknowledgedLocked counts the active subscribers that have not yet
// handled event seq.
func (l *memberEvents) unacknowledgedLocked(seq int64) int {
	now, count := l.now(), 0
	for _, s := range l.subscribers {
		if l.isActive(s, now) && s.after < seq {
			count++
		}
	}
	return count
}

// awaitAcknowledged waits until every active subscriber has handled event
// seq, at most ackTimeout or until done closes, and returns how many had
// not.
func (l *memberEvents) awaitAcknowledged(done <-chan struct{}, seq int64) int {
	timer := time.NewTimer(l.ackTimeout)
	defer timer.Stop()
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.unacknowledgedLocked(seq) > 0 {
		if !l.waitLocked(l.acked, timer.C, done) {
			return l.unacknowledgedLocked(seq)
		}
	}
	return 0
}

// close ends every wait, now and later, so a shutdown does not wait for
// long polls.
func (l *memberEvents) close() { l.closeOnce.Do(func() { close(l.closed) }) }
