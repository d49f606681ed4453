package sqlstoretest

import (
	"context"
	"testing"
)

// Store is a store whose writes run in transactions of type Tx.
type Store[Tx any] interface {
	Write(ctx context.Context, fn func(tx Tx) error) error
}

// Write runs fn in one transaction and stops the test when it fails.
func Write[Tx any](t *testing.T, s Store[Tx], fn func(tx Tx) error) {
	t.Helper()
	if err := s.Write(t.Context(), fn); err != nil {
		t.Fatalf("Write: %v", err)
	}
}

// WriteErr runs fn in one transaction and returns its error: for the
// writes expected to fail, each in its own transaction because a failed
// statement spoils the rest of a PostgreSQL transaction.
func WriteErr[Tx any](t *testing.T, s Store[Tx], fn func(tx Tx) error) error {
	t.Helper()
	return s.Write(t.Context(), fn)
}
