package e2e

import (
	"os"
	"testing"
)

// TestDataFilesAreOwnerOnly: the files the services create (databases with
// their -wal and -shm files, keys, ready files) are readable by their owner
// only, and the folders they create are the owner's only.
func TestDataFilesAreOwnerOnly(t *testing.T) {
	want := map[string]os.FileMode{"service-keys": 0o700 | os.ModeDir}
	for _, f := range []string{
		"policy.db", "policy.db-wal", "policy.db-shm", "consent.db", "consent.db-wal", "consent.db-shm",
		"consent-token.key", "consent-service-key.pem", "service-keys/consent.pub", "policy.addr", "consent.addr",
	} {
		want[f] = 0o600
	}
	for name, mode := range want {
		info, err := os.Stat(sut.File(name))
		if err != nil {
			t.Error(err)
			continue
		}
		if info.Mode() != mode {
			t.Errorf("%s: mode %v, want %v", name, info.Mode(), mode)
		}
	}
}
