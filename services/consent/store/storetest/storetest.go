// Package storetest is the conformance suite of the consent store: the
// behaviour every backend must show, checked through the store.Store
// interface alone, so SQLite and PostgreSQL are held to the same contract.
package storetest

import (
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// testCase is one behaviour, checked on a store of its own.
type testCase = sqlstoretest.Case[store.Store]

// caseGroup is a named set of cases, a subtest of Run.
type caseGroup = sqlstoretest.Group[store.Store]

// Run checks the stores that open returns. open must return a fresh, empty,
// migrated store and close it in a t.Cleanup of its own; it is called from
// parallel subtests.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	sqlstoretest.Run(t, open,
		caseGroup{Name: "Links", Cases: linkCases()},
		caseGroup{Name: "LinkTokens", Cases: linkTokenCases()},
		caseGroup{Name: "Counts", Cases: countCases()},
		caseGroup{Name: "Pending", Cases: pendingCases()},
		caseGroup{Name: "PendingBinding", Cases: pendingBindingCases()},
		caseGroup{Name: "PendingLimit", Cases: pendingLimitCases()},
		caseGroup{Name: "Ledger", Cases: ledgerCases()},
		caseGroup{Name: "Cursors", Cases: cursorCases()},
		caseGroup{Name: "Transactions", Cases: transactionCases()},
		caseGroup{Name: "Cleanups", Cases: cleanupCases()},
	)
}

// base is the time test data starts from; whole microseconds, the
// precision the store keeps.
var base = time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.UTC)

// at is a distinct, stored-precision time n seconds after base.
func at(n int) time.Time { return base.Add(time.Duration(n) * time.Second) }

// wantTime fails the test unless got is the instant want.
func wantTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}
