package follow

import (
	"context"
	"database/sql"
	"errors"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// Cursor is how far the stream name has been handled, 0 when never.
func Cursor(ctx context.Context, conn sqlstore.Conn, name string) (int64, error) {
	var revision int64
	err := conn.QueryRow(ctx, `SELECT revision FROM follow_cursors WHERE name = ?`, name).Scan(&revision)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return revision, sqlstore.Unreachable(err)
}

// Reached reports whether the stream name has been handled up to revision
// (always, for revision 0): a read barrier for work that must come after
// what the stream brings, such as an erasure's later steps.
func Reached(ctx context.Context, conn sqlstore.Conn, name string, revision int64) (bool, error) {
	if revision == 0 {
		return true, nil
	}
	cursor, err := Cursor(ctx, conn, name)
	return err == nil && cursor >= revision, err
}

// SaveCursor records, inside tx, that the stream name has been handled up
// to revision: in the transaction of the batch's effects, so the two commit
// together or not at all.
func SaveCursor(ctx context.Context, tx *sqlstore.Tx, name string, revision int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO follow_cursors (name, revision) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET revision = excluded.revision`, name, revision)
	return err
}
