package storetest

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/follow"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// setCursor records a cursor in a transaction of its own.
func setCursor(t *testing.T, s store.Store, name string, revision int64) {
	t.Helper()
	sqlstoretest.Write(t, s, func(tx store.Tx) error { return follow.SaveCursor(t.Context(), tx.Platform(), name, revision) })
}

// wantCursor fails the test unless the stream name's cursor is want.
func wantCursor(t *testing.T, s store.Store, what, name string, want int64) {
	t.Helper()
	got, err := follow.Cursor(t.Context(), s.DB().Reads(), name)
	sqlstoretest.NoErr(t, "Cursor", err)
	sqlstoretest.WantEqual(t, what, got, want)
}

func cursorCases() []testCase {
	return []testCase{
		{Name: "DefaultZero", Check: func(t *testing.T, s store.Store) {
			wantCursor(t, s, "cursor of a stream never followed", "policy", 0)
		}},
		{Name: "SetAndMove", Check: func(t *testing.T, s store.Store) {
			setCursor(t, s, "policy", 5)
			wantCursor(t, s, "cursor after the first set", "policy", 5)
			setCursor(t, s, "policy", 1234567890123)
			wantCursor(t, s, "cursor moved forward", "policy", 1234567890123)
			// The store records what it is told; moving back is the
			// caller's decision (say, a resync from scratch).
			setCursor(t, s, "policy", 3)
			wantCursor(t, s, "cursor moved back", "policy", 3)

			setCursor(t, s, "policy-replica", 9)
			wantCursor(t, s, "another stream's cursor", "policy-replica", 9)
			wantCursor(t, s, "the first cursor after another was set", "policy", 3)
			wantCursor(t, s, "cursor of a name in other case", "Policy", 0)
		}},
		{Name: "SetTwiceInOneTx", Check: func(t *testing.T, s store.Store) {
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				if err := follow.SaveCursor(t.Context(), tx.Platform(), "policy", 1); err != nil {
					return err
				}
				return follow.SaveCursor(t.Context(), tx.Platform(), "policy", 2)
			})
			wantCursor(t, s, "cursor set twice in one transaction", "policy", 2)
		}},
	}
}
