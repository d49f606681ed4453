package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// TestUnavailableIsAnOutageOnly: a refused connection says the database
// cannot be reached; a caller's own deadline or cancellation does not,
// though context.DeadlineExceeded looks like a network timeout.
func TestUnavailableIsAnOutageOnly(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	cases := map[error]bool{
		refused:                                        true,
		fmt.Errorf("query: %w", refused):               true,
		sqlstore.Unreachable(refused):                  true,
		fmt.Errorf("read: %w", io.ErrUnexpectedEOF):    true,
		fmt.Errorf("write: %w", pgconn.ErrConnClosed):  true,
		context.DeadlineExceeded:                       false,
		fmt.Errorf("query: %w", context.Canceled):      false,
		sqlstore.Unreachable(context.DeadlineExceeded): false,
		errors.New(`relation "users" does not exist`):  false,
	}
	for err, want := range cases {
		if got := sqlstore.IsUnavailable(err); got != want {
			t.Errorf("IsUnavailable(%v) = %v, want %v", err, got, want)
		}
	}
}
