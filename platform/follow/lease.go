package follow

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"os"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// DefaultLeaseTTL is how long a lease lasts unrenewed: a replica that dies
// holding it is replaced within about 1.25 times this.
const DefaultLeaseTTL = 3 * time.Second

// ErrLeaseLost is the error of work fenced off because another replica
// holds the lease now.
var ErrLeaseLost = errors.New("the lease is held by another replica")

// Lease lets one replica at a time do a job: a row in the service's own
// database naming the holder and when its hold ends, renewed while the job
// runs and taken over by another replica once it lapses. Deadlines are read
// from the database server's clock, so replicas' clocks need not agree.
type Lease struct {
	db     *sqlstore.DB
	name   string
	holder string
	ttl    time.Duration
	logger *slog.Logger
}

// NewLease returns the lease name in db, for this process.
func NewLease(db *sqlstore.DB, name string, ttl time.Duration, logger *slog.Logger) *Lease {
	if ttl <= 0 {
		ttl = DefaultLeaseTTL
	}
	host, _ := os.Hostname()
	return &Lease{db: db, name: name, holder: host + "/" + rand.Text()[:10], ttl: ttl, logger: logger}
}

// Holder names this process in the lease table.
func (l *Lease) Holder() string { return l.holder }

// acquire takes or renews the lease; false when another replica holds it.
func (l *Lease) acquire(ctx context.Context) (bool, error) {
	held := false
	err := l.db.Write(ctx, func(tx *sqlstore.Tx) error {
		now := l.db.NowMicros()
		res, err := tx.Exec(ctx, `INSERT INTO leases (name, holder, expire_time) VALUES (?, ?, `+now+` + ?)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expire_time = excluded.expire_time
			WHERE leases.holder = excluded.holder OR leases.expire_time < `+now,
			l.name, l.holder, l.ttl.Microseconds())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		held = n > 0
		return err
	})
	return held, err
}

// release gives the lease up, so another replica takes over at once.
func (l *Lease) release(ctx context.Context) {
	err := l.db.Write(ctx, func(tx *sqlstore.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, l.name, l.holder)
		return err
	})
	if err != nil {
		l.logger.WarnContext(ctx, "releasing a lease failed; it lapses by itself", "lease", l.name, "error", err)
	}
}

// Check fails with ErrLeaseLost inside tx unless this process holds the
// lease: work committed in tx is fenced off from a replica that lost it
// (paused past its deadline, say) and has not noticed yet.
func (l *Lease) Check(ctx context.Context, tx *sqlstore.Tx) error {
	var holds bool
	err := tx.QueryRow(ctx, `SELECT COUNT(*) > 0 FROM leases WHERE name = ? AND holder = ? AND expire_time > `+l.db.NowMicros(),
		l.name, l.holder).Scan(&holds)
	if err != nil {
		return err
	}
	if !holds {
		return ErrLeaseLost
	}
	return nil
}

// Hold runs work while this process holds the lease, until ctx ends: it
// waits for the lease, runs work with a context that ends when the lease is
// lost, and, should work return or the lease be lost, waits for it again.
// On the way out it releases the lease.
func (l *Lease) Hold(ctx context.Context, work func(context.Context)) {
	for ctx.Err() == nil {
		held, err := l.acquire(ctx)
		if err != nil && ctx.Err() == nil {
			l.logger.WarnContext(ctx, "taking a lease failed", "lease", l.name, "error", err)
		}
		if !held {
			sleep(ctx, l.ttl/4)
			continue
		}
		l.logger.InfoContext(ctx, "lease taken", "lease", l.name, "holder", l.holder)
		l.holdWhile(ctx, work)
	}
}

// holdWhile runs work and renews the lease every third of its TTL; work's
// context ends when a renewal finds the lease taken, or fails for longer
// than the lease lasts.
func (l *Lease) holdWhile(ctx context.Context, work func(context.Context)) {
	workCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		work(workCtx)
	}()
	defer func() {
		stop()
		<-done
		l.release(context.WithoutCancel(ctx))
	}()
	renewed := time.Now()
	ticker := time.NewTicker(l.ttl / 3)
	defer ticker.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		held, err := l.acquire(ctx)
		switch {
		case err == nil && held:
			renewed = time.Now()
		case err == nil:
			l.logger.WarnContext(ctx, "lease lost to another replica", "lease", l.name)
			return
		case time.Since(renewed) > l.ttl:
			l.logger.WarnContext(ctx, "lease lapsed: it could not be renewed", "lease", l.name, "error", err)
			return
		}
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
