package store

import (
	"context"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

const cleanupColumns = `id, tenant, user_id, member_id, revision, contacts_state, contacts_deleted, tokens_state,
	attempts, last_error, access_token, refresh_token, create_time, update_time`

func scanCleanup(row sqlstore.Scanner) (*Cleanup, error) {
	c := &Cleanup{}
	var created, updated int64
	if err := row.Scan(&c.ID, &c.Tenant, &c.User, &c.MemberID, &c.Revision, &c.ContactsState, &c.ContactsDeleted,
		&c.TokensState, &c.Attempts, &c.LastError, &c.AccessToken, &c.RefreshToken, &created, &updated); err != nil {
		return nil, err
	}
	c.CreateTime, c.UpdateTime = fromMicros(created), fromMicros(updated)
	return c, nil
}

func (r queries) GetCleanup(ctx context.Context, id int64) (*Cleanup, error) {
	c, err := scanCleanup(r.QueryRow(ctx, `SELECT `+cleanupColumns+` FROM remote_cleanups WHERE id = ?`, id))
	return c, sqlstore.NotFound(err)
}

func (r queries) PendingCleanups(ctx context.Context, tenant, user string, limit int) ([]*Cleanup, error) {
	rows, err := r.Query(ctx, `SELECT `+cleanupColumns+` FROM remote_cleanups
		WHERE tenant = ? AND user_id = ? AND (contacts_state = ? OR tokens_state = ?) ORDER BY id DESC LIMIT ?`,
		tenant, user, StepPending, StepPending, limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanCleanup)
}

func (t sqlTx) CreateCleanup(ctx context.Context, c *Cleanup) error {
	return t.QueryRow(ctx, `INSERT INTO remote_cleanups (tenant, user_id, member_id, revision, contacts_state,
		contacts_deleted, tokens_state, attempts, last_error, access_token, refresh_token, create_time, update_time)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.Tenant, c.User, c.MemberID, c.Revision, c.ContactsState, c.ContactsDeleted, c.TokensState, c.Attempts,
		c.LastError, sealedValue(c.AccessToken), sealedValue(c.RefreshToken), c.CreateTime.UnixMicro(), c.UpdateTime.UnixMicro(),
	).Scan(&c.ID)
}

func (t sqlTx) UpdateCleanup(ctx context.Context, c *Cleanup) error {
	return sqlstore.Affected(t.Exec(ctx, `UPDATE remote_cleanups SET contacts_state = ?, contacts_deleted = ?,
		tokens_state = ?, attempts = ?, last_error = ?, access_token = ?, refresh_token = ?, update_time = ? WHERE id = ?`,
		c.ContactsState, c.ContactsDeleted, c.TokensState, c.Attempts, c.LastError,
		sealedValue(c.AccessToken), sealedValue(c.RefreshToken), c.UpdateTime.UnixMicro(), c.ID))
}
