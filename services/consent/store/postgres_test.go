package store_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/consent/store/storetest"
)

// TestPostgres runs the conformance suite on the PostgreSQL server at
// LIAISON_TEST_POSTGRES_URL, a new database for every case. Without a
// server the test fails rather than skips; LIAISON_TEST_POSTGRES=off opts
// out openly.
func TestPostgres(t *testing.T) {
	server := sqlstoretest.ConnectPostgres(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		return sqlstoretest.OpenStore(t, server.NewDatabase(t), store.Open)
	})
}
