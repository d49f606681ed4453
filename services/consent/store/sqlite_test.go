package store_test

import (
	"path/filepath"
	"testing"

	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/consent/store/storetest"
)

// TestSQLite runs the conformance suite on embedded SQLite, a new database
// file for every case.
func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		url := "sqlite:" + filepath.Join(t.TempDir(), "consent.db")
		s, err := store.Open(t.Context(), url, true)
		if err != nil {
			t.Fatalf("open %s: %v", url, err)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
		})
		return s
	})
}
