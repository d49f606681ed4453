package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/consent/store/storetest"
)

// TestPostgres runs the conformance suite on the PostgreSQL server at
// LIAISON_TEST_POSTGRES_URL, a new database for every case. Without a
// server the test fails rather than skips, so a missing backend is never
// mistaken for a passing one; LIAISON_TEST_POSTGRES=off opts out openly.
func TestPostgres(t *testing.T) {
	server := os.Getenv("LIAISON_TEST_POSTGRES_URL")
	if server == "" {
		if os.Getenv("LIAISON_TEST_POSTGRES") == "off" {
			t.Skip("LIAISON_TEST_POSTGRES=off: the PostgreSQL conformance suite is switched off")
		}
		t.Fatal("LIAISON_TEST_POSTGRES_URL is not set: run `make test`, which starts a PostgreSQL test cluster, " +
			"or set LIAISON_TEST_POSTGRES_URL=postgres://... to a server where the user may create databases " +
			"(or LIAISON_TEST_POSTGRES=off to skip these tests)")
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatalf("LIAISON_TEST_POSTGRES_URL: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := admin.PingContext(t.Context()); err != nil {
		t.Fatalf("connect to LIAISON_TEST_POSTGRES_URL: %v", err)
	}

	storetest.Run(t, func(t *testing.T) store.Store {
		// Letters and digits only, so the name needs no quoting.
		name := "liaison_storetest_" + strings.ToLower(rand.Text()[:16])
		if _, err := admin.ExecContext(t.Context(), "CREATE DATABASE "+name); err != nil {
			t.Fatalf("create database: %v", err)
		}
		t.Cleanup(func() {
			// t.Context() is already cancelled when cleanups run.
			if _, err := admin.ExecContext(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
				t.Errorf("drop database %s: %v", name, err)
			}
		})
		u, err := url.Parse(server)
		if err != nil {
			t.Fatalf("LIAISON_TEST_POSTGRES_URL: %v", err)
		}
		u.Path = "/" + name
		s, err := store.Open(t.Context(), u.String(), true)
		if err != nil {
			t.Fatalf("open database %s: %v", name, err)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
		})
		return s
	})
}
