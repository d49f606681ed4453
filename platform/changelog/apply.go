package changelog

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// Defaults of Options.
const (
	// DefaultPoll bounds how late this replica learns of another replica's
	// commit when nothing else wakes it: on SQLite, or on PostgreSQL when a
	// notification is lost.
	DefaultPoll = time.Second
	// DefaultRetention is how long entries are kept.
	DefaultRetention = 7 * 24 * time.Hour
)

// applyBatch is how many entries one read applies.
const applyBatch = 1000

// Options say how a replica keeps up with its service's log.
type Options struct {
	// Apply drops from the replica's caches what an entry changed. It runs
	// for every entry, committed here or by another replica, in revision
	// order, and may run more than once for one entry.
	Apply func(Entry)
	// Reset drops everything the replica caches: it fell behind the
	// retention horizon and cannot know what it missed.
	Reset func()
	// Poll is how often the log is read when nothing woke the replica;
	// DefaultPoll when 0.
	Poll time.Duration
	// Retention is how long entries are kept (never the newest);
	// DefaultRetention when 0, forever when negative.
	Retention time.Duration
	Logger    *slog.Logger
	// Background tracks the goroutines Start leaves running, so the store
	// closes only after they have ended; nil: untracked.
	Background *sync.WaitGroup
}

// Go runs fn in a goroutine that Background tracks.
func (o Options) Go(fn func()) {
	if o.Background == nil {
		go fn()
		return
	}
	o.Background.Go(fn)
}

// applier keeps one replica's caches in line with the log, and its hub at
// the revision they reflect.
type applier struct {
	log  *Log
	opts Options
	hub  *Hub
	wake chan struct{}
}

// Start follows the log until ctx ends, from its current head: every entry
// is handed to opts.Apply, and Watch streams and WaitFor learn how far that
// has come. A commit here wakes it at once; another replica's commit wakes
// it through PostgreSQL's NOTIFY, or the next poll. It also trims entries
// older than the retention. When ctx ends, Watch streams end.
func (l *Log) Start(ctx context.Context, opts Options) error {
	if opts.Poll == 0 {
		opts.Poll = DefaultPoll
	}
	if opts.Retention == 0 {
		opts.Retention = DefaultRetention
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	head, err := l.Head(ctx)
	if err != nil {
		return err
	}
	a := &applier{log: l, opts: opts, hub: NewHub(head), wake: make(chan struct{}, 1)}
	a.hub.CloseWhenDone(ctx)
	l.applied.Store(a)
	measure(ctx, l)
	opts.Go(func() { a.run(ctx, head) })
	opts.Go(func() { a.poll(ctx) })
	if l.db.Dialect == sqlstore.Postgres {
		opts.Go(func() { a.listen(ctx) })
	}
	if opts.Retention > 0 {
		opts.Go(func() { a.trimEvery(ctx) })
	}
	return nil
}

// Hub reports how far this replica has applied the log; nil before Start.
func (l *Log) Hub() *Hub {
	if a := l.applied.Load(); a != nil {
		return a.hub
	}
	return nil
}

// committed applies an entry this replica has just committed, before the
// writer's call returns, and wakes the loop that advances the hub.
func (a *applier) committed(e Entry) {
	if a.opts.Apply != nil {
		a.opts.Apply(e)
	}
	a.poke()
}

// poke wakes the loop; a wake-up already pending covers this one.
func (a *applier) poke() {
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

func (a *applier) run(ctx context.Context, applied int64) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-a.wake:
		}
		applied = a.catchUp(ctx, applied)
	}
}

// catchUp applies every entry after applied and returns how far it came. A
// failed read is retried at the next wake-up.
func (a *applier) catchUp(ctx context.Context, applied int64) int64 {
	for {
		entries, err := a.log.After(ctx, applied, "", applyBatch)
		var expired *ErrExpired
		switch {
		case errors.As(err, &expired):
			a.opts.Logger.WarnContext(ctx, "this replica fell behind the change log's retention; dropping its caches", "horizon", expired.Horizon)
			if a.opts.Reset != nil {
				a.opts.Reset()
			}
			applied = expired.Horizon
			continue
		case err != nil:
			if ctx.Err() == nil {
				a.opts.Logger.WarnContext(ctx, "reading the change log failed; retrying", "error", err)
			}
			return applied
		}
		for _, e := range entries {
			if a.opts.Apply != nil {
				a.opts.Apply(e)
			}
		}
		applied = Last(entries, applied)
		a.hub.Advance(applied)
		if len(entries) < applyBatch {
			return applied
		}
	}
}

// poll wakes the loop every opts.Poll.
func (a *applier) poll(ctx context.Context) {
	ticker := time.NewTicker(a.opts.Poll)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			a.poke()
		}
	}
}
