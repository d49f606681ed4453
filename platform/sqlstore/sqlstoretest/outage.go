package sqlstoretest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"
)

// Outage takes the database at databaseURL away and brings it back, to see
// what a service does while it cannot reach it. Open the store at URL.
type Outage struct {
	// URL is where to open the store: the database itself for SQLite, a
	// proxy in front of the server for PostgreSQL.
	URL     string
	Cut     func()
	Restore func()
}

// NewOutage prepares an outage of the database at databaseURL, restored
// when t ends if it is still cut.
//
// SQLite: Cut puts a folder where the file was, so new connections cannot
// open it, as if it were unreadable (chmod does not stop root); the store's
// open connections keep working on the moved file, so open the read pool
// without idle connections to see reads fail. PostgreSQL: the store talks
// through a proxy; Cut does what a stopping server does (refuses new
// connections, terminates its sessions), without stopping the server that
// other tests share.
func NewOutage(t *testing.T, databaseURL string) *Outage {
	t.Helper()
	var o *Outage
	if path, ok := strings.CutPrefix(databaseURL, "sqlite:"); ok {
		o = sqliteOutage(t, path)
		o.URL = databaseURL
	} else {
		o = postgresOutage(t, databaseURL)
	}
	cut := false
	cutFn, restoreFn := o.Cut, o.Restore
	o.Cut = func() { cutFn(); cut = true }
	o.Restore = func() { restoreFn(); cut = false }
	t.Cleanup(func() {
		if cut {
			o.Restore()
		}
	})
	return o
}

func sqliteOutage(t *testing.T, path string) *Outage {
	return &Outage{
		Cut: func() {
			t.Helper()
			if err := os.Rename(path, path+".away"); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(path, 0o700); err != nil {
				t.Fatal(err)
			}
		},
		Restore: func() {
			t.Helper()
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(path+".away", path); err != nil {
				t.Fatal(err)
			}
		},
	}
}

func postgresOutage(t *testing.T, databaseURL string) *Outage {
	t.Helper()
	u, err := url.Parse(databaseURL)
	if err != nil {
		t.Fatal(err)
	}
	p := startProxy(t, u.Host)
	proxied := *u
	proxied.Host = p.addr
	return &Outage{
		URL: proxied.String(),
		Cut: func() {
			t.Helper()
			p.stop()
			terminateSessions(t, databaseURL)
			p.drop()
		},
		Restore: func() {
			t.Helper()
			p.start(t)
		},
	}
}

// terminateSessions ends every session of the database at databaseURL
// (57P01, as a server's fast shutdown does), over a direct connection.
func terminateSessions(t *testing.T, databaseURL string) {
	t.Helper()
	db, err := sql.Open("pgx", databaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
		t.Fatalf("terminate sessions: %v", err)
	}
}
