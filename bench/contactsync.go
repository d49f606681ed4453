package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/launch"
)

// The contact-sync bench (bench -contacts, `make bench-contacts`) measures
// contact-sync on the real binaries, against the LinkedIn simulator:
//
//   - the initial sync of N mailboxes of M connections each, in contacts
//     per second, beside a raw insert loop of as many rows into the same
//     kind of database, measured in the same run, as a ratio;
//   - a no-change resync of every mailbox, in contacts written (none is the
//     target) and time: with the network's sync tokens expired (a full
//     listing, compared contact by contact) and with them fresh (an empty
//     delta);
//   - the purge of every synced contact once the tenant's LinkedIn setting
//     is No, with its progress sampled while it runs;
//   - contact-sync's peak RSS during the initial sync, at a smaller size too,
//     to show whether it grows with the contacts.
//
// Each database (embedded SQLite, PostgreSQL) and size is a pass of its
// own, on a system started afresh.

// The databases contact-sync can run on.
const (
	sqlite   = "sqlite"
	postgres = "postgres"
)

// syncOptions are the contact-sync bench's flags.
type syncOptions struct {
	size syncSize
	// rssConnections is the connections per mailbox of a smaller pass whose
	// peak RSS is compared with the main one's; 0 for none.
	rssConnections int
	databases      []string
	pageSize       int
	workers        int
	tenantRate     float64
	seedWorkers    int
	timeout        time.Duration
}

// syncSize is a network: mailboxes of connections each.
type syncSize struct{ mailboxes, connections int }

func (z syncSize) contacts() int64 { return int64(z.mailboxes) * int64(z.connections) }

// sizes are the passes' sizes on each database, the smaller first.
func (o syncOptions) sizes() []syncSize {
	if o.rssConnections <= 0 || o.rssConnections == o.size.connections {
		return []syncSize{o.size}
	}
	small := syncSize{o.size.mailboxes, o.rssConnections}
	return []syncSize{small, o.size}
}

// parseDatabases reads -sync-databases.
func parseDatabases(s string) ([]string, error) {
	var out []string
	for _, d := range strings.Split(s, ",") {
		d = strings.TrimSpace(d)
		if d != sqlite && d != postgres {
			return nil, fmt.Errorf("-sync-databases: %q is neither %s nor %s", d, sqlite, postgres)
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out, nil
}

// runContactSync builds the binaries and runs every pass.
func runContactSync(ctx context.Context, root string, o syncOptions) (err error) {
	tmp, err := os.MkdirTemp("", "liaison-bench-contacts-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	began := time.Now()
	fmt.Printf("building the system from %s ...\n", root)
	bin := filepath.Join(tmp, "bin")
	if err := launch.Build(ctx, root, bin); err != nil {
		return err
	}
	printSyncSetup(os.Stdout, o)
	var pg *pgCluster
	if slices.Contains(o.databases, postgres) {
		if pg, err = startPGCluster(ctx, root, filepath.Join(tmp, "pg")); err != nil {
			return fmt.Errorf("%w (-sync-databases=%s runs without PostgreSQL)", err, sqlite)
		}
		defer func() { err = errors.Join(err, pg.stop()) }()
	}
	var passes []syncPass
	for _, database := range o.databases {
		for _, size := range o.sizes() {
			n := len(passes) + 1
			p, err := runSyncPass(ctx, o, bin, filepath.Join(tmp, fmt.Sprintf("pass%d", n)), database, pg, size, n)
			if err != nil {
				return fmt.Errorf("%s, %d x %d: %w", database, size.mailboxes, size.connections, err)
			}
			passes = append(passes, p)
		}
	}
	fmt.Println()
	bad := printSyncResults(os.Stdout, o, passes)
	fmt.Printf("Total time %.1fs.\n", time.Since(began).Seconds())
	if bad {
		return errIncorrect
	}
	return nil
}
