package sqlstoretest

import (
	"testing"
	"testing/fstest"
)

// RunBackends runs test once per kind of database, as subtests named
// "sqlite" (embedded, a new file per database) and "postgres" (the server
// at LIAISON_TEST_POSTGRES_URL, a new database each; it fails without a
// server unless LIAISON_TEST_POSTGRES=off). newURL returns the URL of a
// fresh, empty database. Name the calling test Test...Backends: `make
// test-postgres` runs the postgres subtests of those.
func RunBackends(t *testing.T, test func(t *testing.T, newURL func(t *testing.T) string)) {
	t.Run("sqlite", func(t *testing.T) {
		test(t, func(t *testing.T) string { return SQLiteURL(t, "store.db") })
	})
	t.Run("postgres", func(t *testing.T) {
		server := ConnectPostgres(t)
		test(t, server.NewDatabase)
	})
}

// NoTables is the migrations of a service with no tables of its own, for
// tests of what the platform keeps in every database.
var NoTables = fstest.MapFS{
	"sqlite/00001_none.sql":   {Data: []byte("-- +goose Up\nSELECT 1;\n")},
	"postgres/00001_none.sql": {Data: []byte("-- +goose Up\nSELECT 1;\n")},
}
