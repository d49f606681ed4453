package changelog

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// listen wakes the loop whenever another replica commits to the log, on a
// PostgreSQL connection of its own that LISTENs to the channel Append
// notifies at commit. Polling stays as the fallback: while the connection
// is down, and for a notification lost with it.
func (a *applier) listen(ctx context.Context) {
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := a.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		a.opts.Logger.WarnContext(ctx, "listening for change-log commits failed; polling meanwhile", "error", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// listenOnce holds one connection until it fails.
func (a *applier) listenOnce(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, a.log.db.URL())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		return err
	}
	// Commits made while no one listened are read now.
	a.poke()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		a.poke()
	}
}
