package sqlstoretest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// SQLiteURL is the URL of a new SQLite database file in t's temporary
// folder, removed when t ends.
func SQLiteURL(t *testing.T, file string) string {
	return "sqlite:" + filepath.Join(t.TempDir(), file)
}

// PostgresServer is the PostgreSQL server at LIAISON_TEST_POSTGRES_URL, on
// which every test case gets a database of its own.
type PostgresServer struct {
	url   *url.URL
	admin *sql.DB
}

// ConnectPostgres connects to the server at LIAISON_TEST_POSTGRES_URL for
// the rest of t. Without a server the test fails rather than skips, so a
// missing backend is never mistaken for a passing one;
// LIAISON_TEST_POSTGRES=off opts out openly.
func ConnectPostgres(t *testing.T) *PostgresServer {
	t.Helper()
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
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("LIAISON_TEST_POSTGRES_URL: %v", err)
	}
	return &PostgresServer{url: u, admin: admin}
}

// NewDatabase creates an empty database, dropped when t ends, and returns
// its URL.
func (p *PostgresServer) NewDatabase(t *testing.T) string {
	t.Helper()
	// Letters and digits only, so the name needs no quoting.
	name := "liaison_storetest_" + strings.ToLower(rand.Text()[:16])
	if _, err := p.admin.ExecContext(t.Context(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		// t.Context() is already cancelled when cleanups run.
		if _, err := p.admin.ExecContext(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u := *p.url
	u.Path = "/" + name
	return u.String()
}

// OpenStore opens and migrates the store at databaseURL with open, a
// store's Open, and closes it when t ends.
func OpenStore[S io.Closer](t *testing.T, databaseURL string,
	open func(ctx context.Context, url string, migrate bool) (S, error)) S {
	t.Helper()
	s, err := open(t.Context(), databaseURL, true)
	if err != nil {
		t.Fatalf("open %s: %v", redacted(databaseURL), err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

// redacted is databaseURL without its password, fit for a test log.
func redacted(databaseURL string) string {
	if strings.HasPrefix(databaseURL, "sqlite:") {
		return databaseURL
	}
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "the database"
	}
	return u.Redacted()
}
