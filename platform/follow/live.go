package follow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Live follows one stream into a view held in memory, on every replica:
// no cursor and no lease, because the view starts empty at every start and
// is filled on demand. Its read barrier (Fresh) is what lets such a view
// promise read-your-writes across services: a reader that waits for it sees
// every change committed before it asked.
type Live[B any] struct {
	// Name names the stream in logs, e.g. "policy".
	Name string
	// Head asks the other service for its newest committed revision.
	Head func(ctx context.Context) (int64, error)
	// Watch opens the stream after revision from, as Follower.Watch.
	Watch func(ctx context.Context, from int64) (next func() (B, error), err error)
	// Revision is the revision a message reaches.
	Revision func(B) int64
	// Apply changes the view by one message (for a cache: forgets what the
	// message changes). It runs before Fresh may report the message's
	// revision, and must not wait on the network.
	Apply func(B)
	// Reset empties the view: the stream could not resume, so changes may
	// have been missed. The view starts again at head: what it learns
	// afterwards must reflect at least that revision.
	Reset func(head int64)
	// BarrierTimeout bounds one round of Fresh; DefaultBarrierTimeout when 0.
	BarrierTimeout time.Duration
	Logger         *slog.Logger

	mu        sync.Mutex
	following bool          // the view has a starting point in the stream
	applied   int64         // the revision the view reflects, when following
	grew      chan struct{} // closed when applied grows; nil when none waits

	rounds sync.Mutex
	next   *Round        // the round that callers arriving now will share
	kick   chan struct{} // a round waits to be run
	once   sync.Once
}

// DefaultBarrierTimeout bounds a read barrier: after it the caller hears
// that the view cannot be shown to be current, and fails closed.
const DefaultBarrierTimeout = time.Second

// ErrNotFollowing is Fresh's answer while the stream is not followed yet.
var ErrNotFollowing = errors.New("follow: the stream is not followed yet")

// Round is one read barrier that concurrent callers share (see Fresh).
type Round struct {
	done     chan struct{}
	revision int64
	err      error
}

// Run follows the stream until ctx ends, resuming after each failure and
// starting over (Reset, then from the head) when it cannot resume.
func (l *Live[B]) Run(ctx context.Context) {
	go l.runRounds(ctx)
	keepFollowing(ctx, l.Name, l.Logger, l.followStream, func(context.Context, int64) error {
		l.stop() // the next stream starts from the head, into an emptied view
		return nil
	})
}

// followStream reads one stream, from where the view stands or, the first
// time, from the other service's head into an emptied view.
func (l *Live[B]) followStream(ctx context.Context) (progressed bool, err error) {
	from, following := l.position()
	if !following {
		head, err := l.Head(ctx)
		if err != nil {
			return false, err
		}
		l.Reset(head)
		l.start(head)
		from = head
	}
	next, err := l.Watch(ctx, from)
	if err != nil {
		return false, err
	}
	for {
		msg, err := next()
		if err != nil {
			return progressed, err
		}
		l.Apply(msg)
		l.advance(l.Revision(msg))
		progressed = true
	}
}

// position is where the view stands in the stream, and whether it
// stands anywhere yet.
func (l *Live[B]) position() (int64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.applied, l.following
}

// start places the emptied view at head.
func (l *Live[B]) start(head int64) {
	l.mu.Lock()
	l.following = true
	l.mu.Unlock()
	l.advance(head)
}

// stop forgets the view's place: the next stream starts from the head.
func (l *Live[B]) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.following, l.applied = false, 0
}

// advance records that the view reflects every change up to revision.
func (l *Live[B]) advance(revision int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if revision < l.applied {
		return
	}
	l.applied = revision
	noteHandled(l.Name, revision)
	if l.grew != nil {
		close(l.grew)
		l.grew = nil
	}
}

// Fresh is a read barrier: it returns once the view reflects every change
// the other service committed before Fresh was called, with the revision
// the view then reflects (pass it as min_revision to fill the view). It
// fails when the other service cannot say its head, or the stream does not
// reach it within BarrierTimeout. Rounds run while Run does.
//
// Concurrent callers share rounds, as etcd batches its linearizable reads:
// a caller joins the round that has not asked for the head yet, so one
// request serves all of them, and never a round that asked before it came.
func (l *Live[B]) Fresh(ctx context.Context) (int64, error) { return l.Join().Wait(ctx) }

// Join enters the caller in the next round of the read barrier without
// waiting, so a caller can wait for the barriers of several streams at once.
func (l *Live[B]) Join() *Round {
	l.init()
	l.rounds.Lock()
	defer l.rounds.Unlock()
	if l.next == nil {
		l.next = &Round{done: make(chan struct{})}
		select {
		case l.kick <- struct{}{}:
		default: // a kick is pending already
		}
	}
	return l.next
}

// Wait waits for the round, as Fresh does.
func (r *Round) Wait(ctx context.Context) (int64, error) {
	select {
	case <-r.done:
		return r.revision, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (l *Live[B]) init() { l.once.Do(func() { l.kick = make(chan struct{}, 1) }) }

// runRounds runs the rounds callers join, one after another, until ctx
// ends. One goroutine serves them all: a round costs no goroutine.
func (l *Live[B]) runRounds(ctx context.Context) {
	l.init()
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.kick:
		}
		l.rounds.Lock()
		r := l.next
		l.next = nil
		l.rounds.Unlock()
		if r != nil {
			r.revision, r.err = l.barrier(ctx)
			close(r.done)
		}
	}
}

// barrier asks for the head and waits until the view has reached it.
func (l *Live[B]) barrier(ctx context.Context) (int64, error) {
	timeout := l.BarrierTimeout
	if timeout == 0 {
		timeout = DefaultBarrierTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	head, err := l.Head(ctx)
	if err != nil {
		return 0, err
	}
	for {
		l.mu.Lock()
		applied, following := l.applied, l.following
		if following && applied >= head {
			l.mu.Unlock()
			return applied, nil
		}
		if l.grew == nil {
			l.grew = make(chan struct{})
		}
		grew := l.grew
		l.mu.Unlock()
		select {
		case <-grew:
		case <-ctx.Done():
			if !following {
				return 0, ErrNotFollowing
			}
			return 0, fmt.Errorf("follow: the %s stream has not reached revision %d (it stands at %d): %w", l.Name, head, applied, ctx.Err())
		}
	}
}
