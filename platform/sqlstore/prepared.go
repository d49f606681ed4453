package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// Statement is a statement prepared once on the write pool, for the few a
// hot path repeats that cost more to parse than to run, such as the
// multi-row insert of a sync page. Prepare it outside any transaction
// (SQLite's one writer connection is busy inside one), and run it in
// transactions with Tx.ExecStatement.
type Statement struct{ stmt *sql.Stmt }

// preparedStatements are the database's statements, closed with it.
type preparedStatements struct {
	mu    sync.Mutex
	stmts []*sql.Stmt
}

// Prepare prepares query (written with "?") on the write pool.
func (db *DB) Prepare(ctx context.Context, query string) (*Statement, error) {
	stmt, err := db.write.PrepareContext(ctx, db.Rebind(query))
	if err != nil {
		return nil, Unreachable(err)
	}
	db.statements.mu.Lock()
	defer db.statements.mu.Unlock()
	db.statements.stmts = append(db.statements.stmts, stmt)
	return &Statement{stmt: stmt}, nil
}

// closeStatements closes every prepared statement.
func (db *DB) closeStatements() error {
	db.statements.mu.Lock()
	defer db.statements.mu.Unlock()
	var errs []error
	for _, stmt := range db.statements.stmts {
		errs = append(errs, stmt.Close())
	}
	db.statements.stmts = nil
	return errors.Join(errs...)
}

// ExecStatement runs a prepared statement inside the transaction.
func (t *Tx) ExecStatement(ctx context.Context, s *Statement, args ...any) (sql.Result, error) {
	return t.sql.StmtContext(ctx, s.stmt).ExecContext(ctx, args...)
}
