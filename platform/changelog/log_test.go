package changelog_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// openLog opens a migrated database at url and its log, closed when t ends.
func openLog(t *testing.T, url string) (*sqlstore.DB, *changelog.Log) {
	t.Helper()
	db, err := sqlstore.OpenMigrated(t.Context(), url, sqlstoretest.NoTables, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, changelog.New(db)
}

// appendAt appends one entry of tenant, committed at when, and returns its
// revision.
func appendAt(t *testing.T, db *sqlstore.DB, log *changelog.Log, tenant string, when time.Time) int64 {
	t.Helper()
	var rev int64
	err := db.Write(t.Context(), func(tx *sqlstore.Tx) (err error) {
		rev, err = log.Append(t.Context(), tx, changelog.Entry{Tenant: tenant, Resource: "users/alice", Kind: 1, Time: when})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rev
}

func TestChangelogBackends(t *testing.T) {
	sqlstoretest.RunBackends(t, func(t *testing.T, newURL func(*testing.T) string) {
		t.Run("AppendAndRead", func(t *testing.T) { testAppendAndRead(t, newURL(t)) })
		t.Run("RetentionExpiresOldReaders", func(t *testing.T) { testRetention(t, newURL(t)) })
		t.Run("RetentionTrimsABacklog", func(t *testing.T) { testRetentionBacklog(t, newURL(t)) })
		t.Run("ApplyAfterCommitOnly", func(t *testing.T) { testApplyAfterCommit(t, newURL(t)) })
		t.Run("WaitForAnotherReplicasWrite", func(t *testing.T) { testWaitFor(t, newURL(t)) })
		t.Run("WaitForAReplicaThatLags", func(t *testing.T) { testWaitForNotReached(t, newURL(t)) })
		t.Run("WaitForANegativeRevision", func(t *testing.T) { testWaitForNegative(t, newURL(t)) })
		t.Run("WatchFromBelowTheHorizon", func(t *testing.T) { testWatchExpired(t, newURL(t)) })
		t.Run("WatchFromBeyondTheHead", func(t *testing.T) { testWatchAhead(t, newURL(t)) })
		t.Run("CommittedHeadCoversEveryReturnedWrite", func(t *testing.T) { testCommittedHead(t, newURL(t)) })
		if strings.HasSuffix(t.Name(), "/postgres") { // LISTEN/NOTIFY is PostgreSQL's
			t.Run("NotifyWakesReplicas", func(t *testing.T) { testNotifyWakesReplicas(t, newURL(t)) })
		}
	})
}

func testAppendAndRead(t *testing.T, url string) {
	db, log := openLog(t, url)
	now := time.Now().UTC().Truncate(time.Microsecond)
	a := appendAt(t, db, log, "contoso", now)
	b := appendAt(t, db, log, "fabrikam", now)
	c := appendAt(t, db, log, "contoso", now)
	if !(a < b && b < c) {
		t.Fatalf("revisions %d, %d, %d: want increasing", a, b, c)
	}
	head, err := log.Head(t.Context())
	sqlstoretest.NoErr(t, "Head", err)
	sqlstoretest.WantEqual(t, "Head", head, c)
	all, err := log.After(t.Context(), 0, "", 10)
	sqlstoretest.NoErr(t, "After", err)
	if len(all) != 3 || all[0].Revision != a || all[2].Revision != c || !all[0].Time.Equal(now) || all[1].Tenant != "fabrikam" {
		t.Fatalf("After(0) = %+v", all)
	}
	contoso, err := log.After(t.Context(), a, "contoso", 10)
	sqlstoretest.NoErr(t, "After", err)
	if len(contoso) != 1 || contoso[0].Revision != c {
		t.Fatalf("contoso after %d = %+v, want only %d", a, contoso, c)
	}
}

func testRetention(t *testing.T, url string) {
	db, log := openLog(t, url)
	old := time.Now().Add(-10 * 24 * time.Hour)
	first := appendAt(t, db, log, "contoso", old)
	second := appendAt(t, db, log, "contoso", old)
	// The newest entry stays even when old: Head must survive trimming.
	n, err := log.Trim(t.Context(), time.Now())
	sqlstoretest.NoErr(t, "Trim", err)
	sqlstoretest.WantEqual(t, "entries trimmed", n, int64(1))
	head, err := log.Head(t.Context())
	sqlstoretest.NoErr(t, "Head", err)
	sqlstoretest.WantEqual(t, "Head after trimming", head, second)

	var expired *changelog.ErrExpired
	if _, err := log.After(t.Context(), 0, "", 10); !errors.As(err, &expired) || expired.Horizon != first {
		t.Fatalf("After(0) past the horizon = %v, want ErrExpired at %d", err, first)
	}
	rest, err := log.After(t.Context(), first, "", 10)
	sqlstoretest.NoErr(t, "After the horizon", err)
	if len(rest) != 1 || rest[0].Revision != second {
		t.Fatalf("After(horizon) = %+v, want the newest", rest)
	}
	// Recent entries stay; a second trim finds nothing.
	appendAt(t, db, log, "contoso", time.Now())
	n, err = log.Trim(t.Context(), time.Now().Add(-time.Hour))
	sqlstoretest.NoErr(t, "Trim", err)
	sqlstoretest.WantEqual(t, "entries trimmed the second time", n, int64(1))
}

// testRetentionBacklog checks that a backlog larger than one trimming
// transaction is trimmed whole, up to the newest entry, in transactions of
// at most the batch size.
func testRetentionBacklog(t *testing.T, url string) {
	db, log := openLog(t, url)
	batches := changelog.TrimInBatchesOf(t, 100)
	const backlog = 250
	old := time.Now().Add(-10 * 24 * time.Hour)
	var newest int64
	err := db.Write(t.Context(), func(tx *sqlstore.Tx) (err error) {
		for range backlog {
			if newest, err = log.Append(t.Context(), tx, changelog.Entry{Tenant: "contoso", Time: old}); err != nil {
				return err
			}
		}
		return nil
	})
	sqlstoretest.NoErr(t, "Append", err)
	n, err := log.Trim(t.Context(), time.Now())
	sqlstoretest.NoErr(t, "Trim", err)
	sqlstoretest.WantEqual(t, "entries trimmed", n, int64(backlog-1))
	if got := batches(); !slices.Equal(got, []int64{100, 100, 49}) {
		t.Errorf("trimming transactions deleted %v, want [100 100 49]", got)
	}
	rest, err := log.After(t.Context(), newest-1, "", 10)
	sqlstoretest.NoErr(t, "After the horizon", err)
	if len(rest) != 1 || rest[0].Revision != newest {
		t.Fatalf("after trimming, After(horizon) = %+v, want only the newest, %d", rest, newest)
	}
}

func testApplyAfterCommit(t *testing.T, url string) {
	db, log := openLog(t, url)
	var (
		mu      sync.Mutex
		applied []int64
	)
	startLog(t, log, changelog.Options{Apply: func(e changelog.Entry) {
		mu.Lock()
		applied = append(applied, e.Revision)
		mu.Unlock()
	}})
	// A rolled-back transaction applies nothing.
	boom := errors.New("boom")
	err := db.Write(t.Context(), func(tx *sqlstore.Tx) error {
		if _, err := log.Append(t.Context(), tx, changelog.Entry{Tenant: "contoso", Time: time.Now()}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write = %v, want boom", err)
	}
	rev := appendAt(t, db, log, "contoso", time.Now())
	mu.Lock()
	got := append([]int64(nil), applied...)
	mu.Unlock()
	// The writer's own commit is applied before Write returns.
	if len(got) == 0 || got[0] != rev {
		t.Fatalf("applied %v right after the commit of %d", got, rev)
	}
}

// startLog starts the log's replica until t ends.
func startLog(t *testing.T, log *changelog.Log, opts changelog.Options) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var background sync.WaitGroup
	opts.Background = &background
	if err := log.Start(ctx, opts); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		background.Wait()
	})
}

// testCommittedHead: a read barrier's head covers every write that has
// returned, before and after the log starts, at once (never waiting for
// the replica's own catching up) and from another replica's writes.
func testCommittedHead(t *testing.T, url string) {
	db, log := openLog(t, url)
	before := appendAt(t, db, log, "contoso", time.Now())
	head, err := log.CommittedHead(t.Context())
	sqlstoretest.NoErr(t, "CommittedHead before Start", err)
	sqlstoretest.WantEqual(t, "CommittedHead before Start", head, before)
	startLog(t, log, changelog.Options{Poll: time.Hour})
	for range 20 {
		rev := appendAt(t, db, log, "contoso", time.Now())
		head, err := log.CommittedHead(t.Context())
		sqlstoretest.NoErr(t, "CommittedHead", err)
		if head < rev {
			t.Fatalf("CommittedHead = %d right after the write of %d returned", head, rev)
		}
	}
	if strings.HasSuffix(t.Name(), "/postgres/CommittedHeadCoversEveryReturnedWrite") {
		_, other := openLog(t, url) // another replica of the same database
		rev := appendAt(t, db, log, "contoso", time.Now())
		head, err := other.CommittedHead(t.Context())
		sqlstoretest.NoErr(t, "CommittedHead of another replica", err)
		if head < rev {
			t.Fatalf("another replica's CommittedHead = %d after the write of %d returned", head, rev)
		}
	}
}
