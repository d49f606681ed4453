// Package storetest is the conformance suite of the consent store: the
// behaviour every backend must show, checked through the store.Store
// interface alone, so SQLite and PostgreSQL are held to the same contract.
package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/services/consent/store"
	"google.golang.org/protobuf/proto"
)

// testCase is one behaviour, checked on a store of its own.
type testCase struct {
	name string
	run  func(t *testing.T, s store.Store)
}

// Run checks the stores that open returns. open must return a fresh, empty,
// migrated store and close it in a t.Cleanup of its own; it is called from
// parallel subtests.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	groups := []struct {
		name  string
		cases []testCase
	}{
		{"Links", linkCases()},
		{"Counts", countCases()},
		{"Pending", pendingCases()},
		{"Ledger", ledgerCases()},
		{"Cursors", cursorCases()},
		{"Transactions", transactionCases()},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, c := range g.cases {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					c.run(t, open(t))
				})
			}
		})
	}
}

// base is the time test data starts from; whole microseconds, the
// precision the store keeps.
var base = time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.UTC)

// at is a distinct, stored-precision time n seconds after base.
func at(n int) time.Time { return base.Add(time.Duration(n) * time.Second) }

// write runs fn in one transaction and stops the test when it fails.
func write(t *testing.T, s store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.Write(t.Context(), fn); err != nil {
		t.Fatalf("Write: %v", err)
	}
}

// writeErr runs fn in one transaction and returns its error: for the
// writes expected to fail, each in its own transaction because a failed
// statement spoils the rest of a PostgreSQL transaction.
func writeErr(t *testing.T, s store.Store, fn func(tx store.Tx) error) error {
	t.Helper()
	return s.Write(t.Context(), fn)
}

// wantErr fails the test unless err is target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got error %v, want %v", what, err, target)
	}
}

// noErr stops the test on an unexpected error.
func noErr(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantProto fails the test unless got equals want.
func wantProto(t *testing.T, what string, got, want proto.Message) {
	t.Helper()
	if !proto.Equal(got, want) {
		t.Errorf("%s:\n got: %v\nwant: %v", what, got, want)
	}
}

// wantEqual fails the test unless got equals want.
func wantEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// wantSlice fails the test unless got and want hold the same items in the
// same order.
func wantSlice[T comparable](t *testing.T, what string, got, want []T) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// wantTime fails the test unless got is the instant want.
func wantTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}
