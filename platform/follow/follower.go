// Package follow lets a service follow another service's change stream (its
// Watch RPC) and act on each batch: from a cursor stored in the follower's
// own database in the same transaction as the batch's effects, on one
// replica at a time (a lease), resuming with a capped, jittered backoff
// after any failure, and starting over from the other service's current
// state when the stream has expired.
package follow

import (
	"context"
	"log/slog"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// Follower follows one stream. B is one message of the stream: a batch of
// changes and the revision it reaches (an empty batch is a progress notice).
type Follower[B any] struct {
	// Name names the stream's cursor and lease, e.g. "policy".
	Name string
	// DB is the follower's own database, which holds the cursor and lease.
	DB *sqlstore.DB
	// Watch opens the stream after revision from; next returns each
	// message in turn.
	Watch func(ctx context.Context, from int64) (next func() (B, error), err error)
	// Revision is the revision a message reaches.
	Revision func(B) int64
	// Handle acts on one message: reads and calls to other services first,
	// then the local effects in one write transaction of the follower's
	// store, inside which it calls commit. commit records the message as
	// handled, and fails when this replica no longer holds the lease. A
	// message with no local effect may return without calling commit.
	// Anything that reaches the network after a local effect (remote
	// clean-up) belongs in a durable queue written in that transaction, not
	// here: a failing remote must not stop the stream.
	Handle func(ctx context.Context, msg B, commit func(*sqlstore.Tx) error) error
	// Resync brings the follower's state in line with the other service's
	// current state, after the stream answered that the cursor is behind
	// its retention and changes were missed. It calls check inside each
	// of its write transactions, which fails when this replica no longer
	// holds the lease.
	Resync func(ctx context.Context, check func(*sqlstore.Tx) error) error
	// LeaseTTL is the lease's; DefaultLeaseTTL when 0.
	LeaseTTL time.Duration
	Logger   *slog.Logger
}

// Run follows the stream until ctx ends, on whichever replica holds the
// lease; the others wait to take over.
func (f *Follower[B]) Run(ctx context.Context) {
	lease := NewLease(f.DB, "follow:"+f.Name, f.LeaseTTL, f.Logger)
	lease.Hold(ctx, func(ctx context.Context) { f.follow(ctx, lease) })
}

// follow reads the stream while ctx lasts, resuming after each failure.
func (f *Follower[B]) follow(ctx context.Context, lease *Lease) {
	keepFollowing(ctx, f.Name, f.Logger,
		func(ctx context.Context) (bool, error) { return f.followStream(ctx, lease) },
		func(ctx context.Context, from int64) error { return f.resync(ctx, lease, from) })
}

// followStream handles one Watch stream from the stored cursor until it
// fails, and says whether it handled anything.
func (f *Follower[B]) followStream(ctx context.Context, lease *Lease) (progressed bool, err error) {
	from, err := Cursor(ctx, f.DB.Reads(), f.Name)
	if err != nil {
		return false, err
	}
	next, err := f.Watch(ctx, from)
	if err != nil {
		return false, err
	}
	for {
		msg, err := next()
		if err != nil {
			return progressed, err
		}
		revision := f.Revision(msg)
		if err := f.handle(ctx, lease, msg, revision); err != nil {
			return progressed, err
		}
		noteHandled(f.Name, revision)
		progressed = true
	}
}

// handle runs Handle, and saves the cursor itself when Handle had nothing to
// commit.
func (f *Follower[B]) handle(ctx context.Context, lease *Lease, msg B, revision int64) error {
	committed := false
	commit := func(tx *sqlstore.Tx) error {
		if err := lease.Check(ctx, tx); err != nil {
			return err
		}
		committed = true
		return SaveCursor(ctx, tx, f.Name, revision)
	}
	if err := f.Handle(ctx, msg, commit); err != nil {
		return err
	}
	if committed {
		return nil
	}
	return f.DB.Write(ctx, commit)
}

// resync starts over when the stream cannot go on from the cursor: the
// follower reads the other service's current state, then follows from the
// given point (changes after it are handled again, which is harmless:
// handling is idempotent).
func (f *Follower[B]) resync(ctx context.Context, lease *Lease, from int64) error {
	f.Logger.WarnContext(ctx, "the followed stream cannot resume from the cursor; resynchronising", "stream", f.Name, "from", from)
	check := func(tx *sqlstore.Tx) error { return lease.Check(ctx, tx) }
	if err := f.Resync(ctx, check); err != nil {
		return err
	}
	return f.DB.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := check(tx); err != nil {
			return err
		}
		return SaveCursor(ctx, tx, f.Name, from)
	})
}
