package sealing

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// LoadOrCreateKeyFile reads a sealing key from path, where it is stored
// base64-encoded. When the file is missing and create is set (development),
// it generates a key and writes it readable by the owner only; otherwise a
// missing file is an error that says how to make one.
//
// Two processes starting at once both end up with the same key: one wins
// the creation and the other reads the winner's file.
func LoadOrCreateKeyFile(path string, create bool) ([]byte, error) {
	key, err := readKeyFile(path)
	switch {
	case err == nil:
		return key, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	case !create:
		return nil, fmt.Errorf("sealing key file %s does not exist; create one with: head -c %d /dev/urandom | base64 > %s && chmod 600 %s",
			path, KeySize, path, path)
	}
	if err := createKeyFile(path); err != nil {
		return nil, err
	}
	return readKeyFile(path)
}

// createKeyFile writes a new random key to path unless a file is already
// there. The key is written to a temporary file first and then linked into
// place: a link fails if path exists, like O_EXCL, but unlike creating path
// with O_EXCL and then writing it, nobody can ever read a half-written key.
func createKeyFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating the folder of sealing key file %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, ".sealing-key-*") // mode 0600
	if err != nil {
		return fmt.Errorf("creating sealing key file %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())

	key := make([]byte, KeySize)
	_, _ = rand.Read(key) // crypto/rand.Read never returns an error
	encoded := base64.StdEncoding.EncodeToString(key) + "\n"
	if _, err := tmp.WriteString(encoded); err != nil {
		tmp.Close()
		return fmt.Errorf("writing sealing key file %s: %w", path, err)
	}
	// Losing the key loses every secret sealed with it: make sure it is on
	// disk before anything is sealed.
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing sealing key file %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing sealing key file %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("creating sealing key file %s: %w", path, err)
	}
	return nil
}

// readKeyFile reads and checks the key in path.
func readKeyFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
	if err != nil {
		return nil, fmt.Errorf("sealing key file %s is not base64: %w", path, err)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("sealing key file %s holds a %d-byte key; it must be %d bytes", path, len(key), KeySize)
	}
	return key, nil
}
