package store_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/policy/store"
	"github.com/liaisonhq/liaison/services/policy/store/storetest"
)

// TestSQLite runs the conformance suite on embedded SQLite, a new database
// file for every case.
func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return sqlstoretest.OpenStore(t, sqlstoretest.SQLiteURL(t, "policy.db"), store.Open)
	})
}
