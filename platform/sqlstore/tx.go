package sqlstore

import (
	"context"
	"database/sql"
)

// Tx is a write transaction: queries run in it, and work registered with
// AfterCommit runs once it has committed, such as waking the readers of the
// change log and dropping what caches hold of the changed rows.
type Tx struct {
	Conn
	sql         *sql.Tx
	afterCommit []func()
}

// SQL is the transaction itself, for libraries that write in it (River).
func (t *Tx) SQL() *sql.Tx { return t.sql }

// AfterCommit runs fn after the transaction commits; never if it rolls back.
func (t *Tx) AfterCommit(fn func()) { t.afterCommit = append(t.afterCommit, fn) }

// Write runs fn in one write transaction, commits it if fn returns nil, then
// runs what fn registered with AfterCommit, in order, before returning: the
// caller's next read already sees what those hooks do. Write transactions
// never overlap, so revisions taken inside one become visible in order.
func (db *DB) Write(ctx context.Context, fn func(*Tx) error) error {
	var tx *Tx
	err := db.writeTx(ctx, func(sqlTx *sql.Tx) error {
		tx = &Tx{Conn: db.In(sqlTx), sql: sqlTx}
		return fn(tx)
	})
	if err != nil {
		return Unreachable(err)
	}
	for _, hook := range tx.afterCommit {
		hook()
	}
	return nil
}
