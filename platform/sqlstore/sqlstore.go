// Package sqlstore opens the SQL database behind a service's store: embedded
// SQLite (pure Go, no cgo) by default, or PostgreSQL through pgx. It applies
// the service's embedded migrations with goose and runs write transactions
// one at a time, so change-log revisions commit in the order they are
// numbered.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect is the SQL flavour of a database.
type Dialect string

// The supported dialects; each names the migrations folder for it.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. Reads go to Read; writes go through WriteTx. For
// SQLite they are separate pools: one writer connection, many readers.
type DB struct {
	Dialect    Dialect
	Read       *sql.DB
	write      *sql.DB
	url        string
	statements preparedStatements
}

// Open opens "sqlite:PATH" or "postgres://...". A SQLite file's folder is
// created when missing.
func Open(ctx context.Context, url string) (*DB, error) {
	var (
		db  *DB
		err error
	)
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		db, err = openSQLite(ctx, strings.TrimPrefix(url, "sqlite:"))
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		db, err = openPostgres(ctx, url)
	default:
		return nil, fmt.Errorf(`database url must start with "sqlite:" or "postgres://"`)
	}
	if err != nil {
		return nil, Unreachable(err)
	}
	db.url = url
	return db, nil
}

// URL is the database's URL, for connections of its own (LISTEN).
func (db *DB) URL() string { return db.url }

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite database url needs a file path")
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	// secure_delete: deleted rows are overwritten in their pages, not left
	// in free space, so an erasure (a data-subject request) leaves nothing
	// in the tables' pages (the write-ahead log's older page images go as
	// it is checkpointed and reused).
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=secure_delete(1)"
	// A single writer connection with BEGIN IMMEDIATE: writers queue in Go
	// instead of failing with SQLITE_BUSY.
	write, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, err
	}
	db := &DB{Dialect: SQLite, Read: read, write: write}
	// The writer goes first: it creates the file and switches it to WAL.
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(20)
	db := &DB{Dialect: Postgres, Read: pool, write: pool}
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.Read.PingContext(ctx) }

// Close closes both pools.
func (db *DB) Close() error {
	err := errors.Join(db.closeStatements(), db.Read.Close())
	if db.write != db.Read {
		err = errors.Join(err, db.write.Close())
	}
	return err
}

// Migrate applies the pending migrations found in migrations/<dialect>/,
// recording them in the version table named table.
func (db *DB) Migrate(ctx context.Context, migrations fs.FS, table string) error {
	sub, err := fs.Sub(migrations, string(db.Dialect))
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	options := []goose.ProviderOption{goose.WithTableName(table)}
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// Replicas migrating at once take turns, one version table at a
		// time (MigrateAll also holds a lock for the whole run).
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrationLockID(table)), lock.WithLockTimeout(1, 300))
		if err != nil {
			return err
		}
		options = append(options, goose.WithSessionLocker(locker))
	}
	provider, err := goose.NewProvider(dialect, db.write, sub, options...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// migrationLockID is the advisory lock key of a version table's
// migrations.
func migrationLockID(table string) int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte("liaison-migrations:" + table))
	return int64(h.Sum64() >> 1)
}

// writeLockKey serializes PostgreSQL write transactions (an arbitrary,
// fixed advisory-lock key).
const writeLockKey = 4242_0001

// writeTx runs fn in a write transaction and commits it if fn returns nil.
// Write transactions never overlap, so revisions taken from a sequence
// inside one become visible in increasing order.
func (db *DB) writeTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if db.Dialect == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", writeLockKey); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ReadTx runs fn in a read-only transaction: one consistent snapshot.
func (db *DB) ReadTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.Read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: db.snapshotIsolation()})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

func (db *DB) snapshotIsolation() sql.IsolationLevel {
	if db.Dialect == Postgres {
		return sql.LevelRepeatableRead
	}
	return sql.LevelDefault
}

// Rebind rewrites "?" placeholders to "$1, $2, ..." for PostgreSQL. Queries
// are written once, with "?".
func (db *DB) Rebind(query string) string {
	if db.Dialect != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// IsUniqueViolation reports whether err is a unique or primary key conflict.
func IsUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// NowMicros is an SQL expression for the database server's clock, in
// microseconds since the Unix epoch: one clock for every replica, for
// deadlines that replicas compare, such as leases.
func (db *DB) NowMicros() string {
	if db.Dialect == Postgres {
		return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)"
	}
	return "CAST(unixepoch('subsec') * 1000000 AS INTEGER)"
}
