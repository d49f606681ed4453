package follow_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/follow"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc/codes"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func openDB(t *testing.T, url string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.OpenMigrated(t.Context(), url, sqlstoretest.NoTables, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestFollowBackends(t *testing.T) {
	sqlstoretest.RunBackends(t, func(t *testing.T, newURL func(*testing.T) string) {
		t.Run("LeaseMovesWhenItsHolderDies", func(t *testing.T) { testLeaseTakeover(t, newURL(t)) })
		t.Run("LapsedHolderIsFencedOff", func(t *testing.T) { testLeaseFencing(t, newURL(t)) })
		t.Run("CursorCommitsWithTheBatch", func(t *testing.T) { testCursor(t, newURL(t)) })
		t.Run("ExpiredStreamResyncs", func(t *testing.T) { testResync(t, newURL(t), expiredAt40) })
		t.Run("CursorAheadOfTheStreamResyncs", func(t *testing.T) { testResync(t, newURL(t), aheadOf40) })
	})
}

// testLeaseTakeover runs a job on two replicas of one service: one holds
// the lease; when it dies without releasing it (its process killed, here
// here its database connections closed), the other takes over within 5
// seconds, with the default TTL.
func testLeaseTakeover(t *testing.T, url string) {
	var holder atomic.Int32
	running := func(id int32) func(context.Context) {
		return func(ctx context.Context) {
			holder.Store(id)
			<-ctx.Done()
		}
	}
	firstDB := openDB(t, url)
	first := follow.NewLease(firstDB, "job", 0, quiet)
	second := follow.NewLease(openDB(t, url), "job", 0, quiet)
	ctx1, kill := context.WithCancel(context.Background())
	defer kill()
	go first.Hold(ctx1, running(1))
	waitFor(t, time.Second*5, func() bool { return holder.Load() == 1 })

	ctx2, stop := context.WithCancel(context.Background())
	var done sync.WaitGroup
	done.Go(func() { second.Hold(ctx2, running(2)) })
	defer func() { stop(); done.Wait() }()
	time.Sleep(follow.DefaultLeaseTTL * 3 / 2) // longer than the TTL: the holder renews
	if holder.Load() != 1 {
		t.Fatal("the second replica took the lease from a live holder")
	}
	// Dying: the first replica's connections go, so it can neither renew
	// nor release the lease.
	firstDB.Close()
	kill()
	died := time.Now()
	waitFor(t, 5*time.Second, func() bool { return holder.Load() == 2 })
	t.Logf("taken over %v after the holder died", time.Since(died).Round(time.Millisecond))
}

func waitFor(t *testing.T, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v", limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// message is one message of a fake stream.
type message struct{ revision int64 }

// stream serves messages from a slice, then blocks until ctx ends; err, if
// set, is returned by Watch instead.
func stream(msgs []message, watchErr error, from *atomic.Int64) func(ctx context.Context, f int64) (func() (message, error), error) {
	return func(ctx context.Context, f int64) (func() (message, error), error) {
		from.Store(f)
		if watchErr != nil {
			return nil, watchErr
		}
		i := 0
		return func() (message, error) {
			for i < len(msgs) && msgs[i].revision <= f {
				i++
			}
			if i < len(msgs) {
				i++
				return msgs[i-1], nil
			}
			<-ctx.Done()
			return message{}, ctx.Err()
		}, nil
	}
}

// testCursor checks that a batch whose effects fail leaves the cursor where
// it was (the batch is handled again), and that the cursor commits with the
// effects otherwise.
func testCursor(t *testing.T, url string) {
	db := openDB(t, url)
	var from atomic.Int64
	var handled sync.Map
	failOnce := atomic.Bool{}
	failOnce.Store(true)
	f := &follow.Follower[message]{
		Name: "upstream", DB: db, Logger: quiet,
		Watch:    stream([]message{{3}, {5}, {8}}, nil, &from),
		Revision: func(m message) int64 { return m.revision },
		Handle: func(ctx context.Context, m message, commit func(*sqlstore.Tx) error) error {
			if m.revision == 5 && failOnce.CompareAndSwap(true, false) {
				return errors.New("the effects of 5 failed")
			}
			handled.Store(m.revision, true)
			return db.Write(ctx, commit)
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	var done sync.WaitGroup
	done.Go(func() { f.Run(ctx) })
	defer func() { cancel(); done.Wait() }()
	waitFor(t, 10*time.Second, func() bool {
		rev, err := follow.Cursor(t.Context(), db.Reads(), "upstream")
		return err == nil && rev == 8
	})
	if from.Load() != 3 {
		t.Fatalf("after the failure the stream resumed from %d, want 3 (the last handled)", from.Load())
	}
	for _, rev := range []int64{3, 5, 8} {
		if _, ok := handled.Load(rev); !ok {
			t.Errorf("revision %d was never handled", rev)
		}
	}
}

// A refusal says where to restart from, after a fresh read, when the stream
// cannot resume at the cursor: saved, says the cursor the follower stored
// before, refuses, whether the stream refuses to start there.
type refusal struct {
	saved   int64
	refuses func(from int64) bool
	err     *apierror.Error
}

// expiredAt40: the cursor fell behind the retention horizon, 40.
var expiredAt40 = refusal{
	saved:   0,
	refuses: func(from int64) bool { return from < 40 },
	err: &apierror.Error{Code: codes.OutOfRange, Reason: typev1.ErrorReason_REVISION_EXPIRED,
		Message: "expired", Metadata: map[string]string{"horizon": "40"}},
}

// aheadOf40: the cursor, 100, is newer than the followed log's head, 40, as
// after that database was restored from an older backup.
var aheadOf40 = refusal{
	saved:   100,
	refuses: func(from int64) bool { return from > 40 },
	err: func() *apierror.Error {
		e := apierror.InvalidField("from_revision", "is newer than every committed revision")
		e.Metadata = map[string]string{"head": "40"}
		return e
	}(),
}

// testResync checks that a stream that cannot resume from the cursor makes
// the follower read the other side afresh, once, and go on from the point
// the refusal names, so that it misses nothing after it.
func testResync(t *testing.T, url string, r refusal) {
	db := openDB(t, url)
	if err := db.Write(t.Context(), func(tx *sqlstore.Tx) error {
		return follow.SaveCursor(t.Context(), tx, "upstream", r.saved)
	}); err != nil {
		t.Fatal(err)
	}
	var from atomic.Int64
	var resynced atomic.Int32
	f := &follow.Follower[message]{
		Name: "upstream", DB: db, Logger: quiet,
		Revision: func(m message) int64 { return m.revision },
		Handle: func(ctx context.Context, m message, commit func(*sqlstore.Tx) error) error {
			return db.Write(ctx, commit)
		},
		Resync: func(context.Context, func(*sqlstore.Tx) error) error { resynced.Add(1); return nil },
	}
	live := stream([]message{{41}}, nil, &from)
	f.Watch = func(ctx context.Context, f int64) (func() (message, error), error) {
		if r.refuses(f) {
			from.Store(f)
			return nil, r.err.GRPCStatus().Err()
		}
		return live(ctx, f)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var done sync.WaitGroup
	done.Go(func() { f.Run(ctx) })
	defer func() { cancel(); done.Wait() }()
	waitFor(t, 10*time.Second, func() bool {
		rev, err := follow.Cursor(t.Context(), db.Reads(), "upstream")
		return err == nil && rev == 41
	})
	if resynced.Load() != 1 {
		t.Fatalf("resynchronised %d times, want once", resynced.Load())
	}
}
