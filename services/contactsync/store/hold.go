package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"time"
)

// ErrHeldElsewhere is the error of a sync fenced off because another
// replica (or another run) holds the mailbox.
var ErrHeldElsewhere = errors.New("another sync holds this mailbox")

// Hold takes the mailbox for a sync run by holder until ttl from now on the
// database's clock, or extends the hold it already has; false when another
// holder's hold has not lapsed. Two replicas therefore never sync one
// mailbox at once, whatever the job queue does.
func (t Tx) Hold(ctx context.Context, tenant, user, holder string, ttl time.Duration) (bool, error) {
	now := t.DB().NowMicros()
	res, err := t.Exec(ctx, `UPDATE mailboxes SET holder = ?, hold_until = `+now+` + ?
		WHERE tenant = ? AND user_id = ? AND (holder = ? OR holder = '' OR hold_until < `+now+`)`,
		holder, ttl.Microseconds(), tenant, user, holder)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// CheckHold fails with ErrHeldElsewhere unless holder still holds the
// mailbox, inside the transaction whose writes it fences.
func (t Tx) CheckHold(ctx context.Context, tenant, user, holder string) error {
	var held bool
	err := t.QueryRow(ctx, `SELECT COUNT(*) > 0 FROM mailboxes WHERE tenant = ? AND user_id = ? AND holder = ?
		AND hold_until >= `+t.DB().NowMicros(), tenant, user, holder).Scan(&held)
	if err != nil {
		return err
	}
	if !held {
		return ErrHeldElsewhere
	}
	return nil
}

// Renew extends holder's hold to ttl from now, and fails with
// ErrHeldElsewhere unless holder still holds the mailbox (its hold has not
// lapsed, nor been taken): inside the transaction whose writes it fences,
// it checks and extends in one statement.
func (t Tx) Renew(ctx context.Context, tenant, user, holder string, ttl time.Duration) error {
	now := t.DB().NowMicros()
	res, err := t.Exec(ctx, `UPDATE mailboxes SET hold_until = `+now+` + ?
		WHERE tenant = ? AND user_id = ? AND holder = ? AND hold_until >= `+now,
		ttl.Microseconds(), tenant, user, holder)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return cmp.Or(err, ErrHeldElsewhere)
	}
	return nil
}

// Release gives the mailbox up.
func (t Tx) Release(ctx context.Context, tenant, user, holder string) error {
	_, err := t.Exec(ctx, `UPDATE mailboxes SET holder = '', hold_until = 0 WHERE tenant = ? AND user_id = ? AND holder = ?`,
		tenant, user, holder)
	return err
}

// Holder is who holds the mailbox for a sync ("" when nobody does).
func (q queries) Holder(ctx context.Context, tenant, user string) (string, error) {
	var holder string
	err := q.QueryRow(ctx, `SELECT holder FROM mailboxes WHERE tenant = ? AND user_id = ?`, tenant, user).Scan(&holder)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return holder, err
}
