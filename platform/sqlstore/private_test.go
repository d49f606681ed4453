package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
)

// TestSQLiteFilesAreOwnerOnly opens a new database in a new folder and
// writes to it: the folder is 0700, and the database and its -wal and -shm
// files 0600, whatever the umask.
func TestSQLiteFilesAreOwnerOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "store.db")
	db, err := sqlstore.OpenMigrated(context.Background(), "sqlite:"+path, sqlstoretest.NoTables, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	wantMode(t, dir, 0o700|os.ModeDir)
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		wantMode(t, name, 0o600)
	}
}

// wantMode fails the test unless the file at path has mode want.
func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode() != want {
		t.Errorf("%s: mode %v, want %v", path, info.Mode(), want)
	}
}
