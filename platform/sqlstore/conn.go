package sqlstore

import (
	"context"
	"database/sql"
	"io/fs"
)

// Querier is what both *sql.DB and *sql.Tx offer.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Conn runs queries written with "?" placeholders on the read pool or in a
// transaction, in the database's dialect. A store's reads are written once
// against it and serve both.
type Conn struct {
	db *DB
	q  Querier
}

// Reads is a Conn on the read pool.
func (db *DB) Reads() Conn { return Conn{db: db, q: db.Read} }

// In is a Conn inside tx.
func (db *DB) In(tx *sql.Tx) Conn { return Conn{db: db, q: tx} }

// DB is the database the Conn runs on.
func (c Conn) DB() *DB { return c.db }

// Query runs a query that returns rows.
func (c Conn) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.q.QueryContext(ctx, c.db.Rebind(query), args...)
}

// QueryRow runs a query that returns at most one row.
func (c Conn) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return c.q.QueryRowContext(ctx, c.db.Rebind(query), args...)
}

// Exec runs a statement.
func (c Conn) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.q.ExecContext(ctx, c.db.Rebind(query), args...)
}

// Scanner is a row to scan: *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Collect scans every row with scan and closes rows.
func Collect[T any](rows *sql.Rows, scan func(Scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// OpenMigrated opens the database at url and, when migrate is set, applies
// the pending migrations of migrations/<dialect>/.
func OpenMigrated(ctx context.Context, url string, migrations fs.FS, migrate bool) (*DB, error) {
	db, err := Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if migrate {
		if err := db.Migrate(ctx, migrations); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}
