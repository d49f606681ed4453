package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrUnavailable marks an error of a database that cannot be reached or
// cannot take work now (down, restarting, out of connections, locked): a
// fault of the moment, which callers should retry, not a bad request and
// not a bug.
var ErrUnavailable = errors.New("database unavailable")

// Unreachable marks err with ErrUnavailable when it says the database cannot
// be reached now; any other error comes back as it is.
func Unreachable(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !isUnreachable(err) {
		return err
	}
	return unavailableError{err}
}

// IsUnavailable reports whether err says the database cannot be reached,
// marked by Unreachable or not.
func IsUnavailable(err error) bool {
	return err != nil && (errors.Is(err, ErrUnavailable) || isUnreachable(err))
}

type unavailableError struct{ cause error }

func (e unavailableError) Error() string        { return "database unavailable: " + e.cause.Error() }
func (e unavailableError) Unwrap() []error      { return []error{ErrUnavailable, e.cause} }
func (e unavailableError) Is(target error) bool { return target == ErrUnavailable }

func isUnreachable(err error) bool {
	var (
		netErr     net.Error
		connectErr *pgconn.ConnectError
		pgErr      *pgconn.PgError
		liteErr    *sqlite.Error
	)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// The caller gave up, or its deadline passed: its fault or its
		// choice, and context.DeadlineExceeded would pass for a net.Error.
		return false
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		// A pooled connection the driver found cut and closed.
		errors.Is(err, pgconn.ErrConnClosed),
		// A connection cut in the middle of the server's answer.
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.As(err, &netErr), errors.As(err, &connectErr):
		return true
	case errors.As(err, &pgErr):
		// Class 08 is "connection exception"; 57P01-03 a server shutting
		// down or starting; 53300 too many connections.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" ||
			pgErr.Code == "57P03" || pgErr.Code == "53300"
	case errors.As(err, &liteErr):
		switch liteErr.Code() & 0xff { // the primary code, without the extended part
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL:
			return true
		}
	}
	return false
}
