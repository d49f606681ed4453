package store_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"github.com/liaisonhq/liaison/services/contactsync/store/storetest"
)

// TestStoreBackends runs the conformance suite on embedded SQLite and on
// PostgreSQL, a new database for every case.
func TestStoreBackends(t *testing.T) {
	sqlstoretest.RunBackends(t, func(t *testing.T, newURL func(*testing.T) string) {
		storetest.Run(t, func(t *testing.T) *store.SQL { return sqlstoretest.OpenStore(t, newURL(t), store.Open) })
	})
}
