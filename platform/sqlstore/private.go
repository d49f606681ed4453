package sqlstore

import (
	"os"
	"path/filepath"
)

// createPrivate creates the SQLite file at path, and its folder, readable by
// the owner only, unless it exists. SQLite would create it with the
// process's umask (0644 as a rule), and the database holds directory data;
// its -wal and -shm files take the database file's mode, so they follow.
// An existing file keeps the mode its owner gave it.
func createPrivate(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}
