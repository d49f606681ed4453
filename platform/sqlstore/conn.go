package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"

	platform "github.com/liaisonhq/liaison/platform/sqlstore/migrations"
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

// Version tables: the platform's migrations and the service's are numbered
// apart, each in a table of its own.
const (
	platformVersions = "liaison_platform_version"
	serviceVersions  = "goose_db_version"
)

// OpenMigrated opens the database at url and, when migrate is set, applies
// the pending migrations of the platform's tables and then those of
// migrations/<dialect>/, the service's.
func OpenMigrated(ctx context.Context, url string, migrations fs.FS, migrate bool) (*DB, error) {
	db, err := Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if migrate {
		if err := db.MigrateAll(ctx, migrations); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// MigrateAll applies the platform's pending migrations (its own tables and
// the job queue's), then the service's. On PostgreSQL, replicas starting at
// once (each pod's migrate init container) take turns: the whole run holds
// an advisory lock, since the job queue's migrator takes none of its own.
func (db *DB) MigrateAll(ctx context.Context, migrations fs.FS) (err error) {
	if db.Dialect == Postgres {
		unlock, err := db.advisoryLock(ctx, migrationLockID("all"))
		if err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer func() { err = errors.Join(err, unlock()) }()
	}
	if err := db.Migrate(ctx, platform.FS, platformVersions); err != nil {
		return fmt.Errorf("platform tables: %w", err)
	}
	if err := db.migrateRiver(ctx); err != nil {
		return err
	}
	return db.Migrate(ctx, migrations, serviceVersions)
}

// advisoryLock waits for a session-level PostgreSQL advisory lock on a
// connection of its own, and returns what releases it.
func (db *DB) advisoryLock(ctx context.Context, key int64) (func() error, error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		return nil, errors.Join(err, conn.Close())
	}
	return func() error {
		_, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key)
		return errors.Join(err, conn.Close())
	}, nil
}
