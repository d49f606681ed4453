package store

import (
	"context"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// What the store keeps about one user, for data-subject requests: read for
// an export, pseudonymised for an erasure.

// UserEvents lists the ledger events about the user or made by the user,
// oldest first.
func (r queries) UserEvents(ctx context.Context, tenant, user string) ([]*consentv1.ConsentEvent, error) {
	rows, err := r.Query(ctx, `SELECT `+eventColumns+` FROM consent_events
		WHERE tenant = ? AND (user_id = ? OR actor = ?) ORDER BY revision`, tenant, user, user)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanEvent)
}

// UserCleanups lists the clean-ups of the user's disconnections and
// narrowings, oldest first.
func (r queries) UserCleanups(ctx context.Context, tenant, user string) ([]*Cleanup, error) {
	rows, err := r.Query(ctx, `SELECT `+cleanupColumns+` FROM remote_cleanups WHERE tenant = ? AND user_id = ? ORDER BY id`, tenant, user)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanCleanup)
}

// CountPending counts the user's unfinished connections.
func (r queries) CountPending(ctx context.Context, tenant, user string) (int, error) {
	var n int
	err := r.QueryRow(ctx, `SELECT COUNT(*) FROM pending_authorizations WHERE tenant = ? AND user_id = ?`, tenant, user).Scan(&n)
	return n, err
}

// DeletePendingOf deletes the user's unfinished connections.
func (t sqlTx) DeletePendingOf(ctx context.Context, tenant, user string) error {
	_, err := t.Exec(ctx, `DELETE FROM pending_authorizations WHERE tenant = ? AND user_id = ?`, tenant, user)
	return err
}

// Pseudonymise puts pseudonym in place of the user in the ledger (as the
// subject and as the actor), in the change log and in the user's finished
// clean-ups, and drops what would still point at the person: the LinkedIn
// member id, LinkedIn's last error text, any sealed token. The ledger keeps
// every event at its revision. It returns how many events it changed.
func (t sqlTx) Pseudonymise(ctx context.Context, tenant, user, pseudonym string) (int64, error) {
	// One statement, so each event counts once (the SET expressions all
	// read the row as it was).
	res, err := t.Exec(ctx, `UPDATE consent_events SET
			user_id = CASE WHEN user_id = ? THEN ? ELSE user_id END,
			member_id = CASE WHEN user_id = ? THEN '' ELSE member_id END,
			actor = CASE WHEN actor = ? THEN ? ELSE actor END
		WHERE tenant = ? AND (user_id = ? OR actor = ?)`,
		user, pseudonym, user, user, pseudonym, tenant, user, user)
	n, err := affected(res, err)
	if err != nil {
		return 0, err
	}
	if _, err := t.Exec(ctx, `UPDATE remote_cleanups SET user_id = ?, member_id = '', last_error = '', access_token = NULL, refresh_token = NULL
		WHERE tenant = ? AND user_id = ?`, pseudonym, tenant, user); err != nil {
		return 0, err
	}
	_, err = changelog.RenameResources(ctx, t.tx, tenant, UserResource(user), func(resource string) string {
		if resource == UserResource(user) {
			return UserResource(pseudonym)
		}
		return resource
	})
	return n, err
}

func affected(res interface{ RowsAffected() (int64, error) }, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
