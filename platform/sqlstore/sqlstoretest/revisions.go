package sqlstoretest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"
)

// RevisionsCommitInOrder runs writers in parallel, each making writesEach
// writes, while a follower reads the log the way Watch does, from the last
// revision it saw. Revisions must become visible in the order they are
// numbered: were a later revision to commit before an earlier one, the
// follower would move past the earlier one and never see it.
//
// write makes write i of writer in a transaction of its own, calling
// HoldBeforeCommit once it has its revision, and returns that revision;
// follow returns the entries of the log after revision after, in order;
// head is the store's head revision.
func RevisionsCommitInOrder[E interface{ GetRevision() int64 }](t *testing.T, writers, writesEach int,
	write func(ctx context.Context, writer, i int) (int64, error),
	follow func(ctx context.Context, after int64) ([]E, error),
	head func(ctx context.Context) (int64, error),
) {
	t.Helper()
	var (
		mu        sync.Mutex
		committed []int64
		wg        sync.WaitGroup
	)
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for i := range writesEach {
				rev, err := write(t.Context(), w, i)
				if err != nil {
					errs <- fmt.Errorf("writer %d write %d: %w", w, i, err)
					return
				}
				mu.Lock()
				committed = append(committed, rev)
				mu.Unlock()
			}
		})
	}

	var seen []int64
	followOnce := func() error {
		var last int64
		if len(seen) > 0 {
			last = seen[len(seen)-1]
		}
		entries, err := follow(t.Context(), last)
		for _, e := range entries {
			seen = append(seen, e.GetRevision())
		}
		return err
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	for following := true; following; {
		select {
		case <-done:
			following = false
		default:
		}
		NoErr(t, "follow", followOnce())
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Catch up with whatever committed after the last poll.
	NoErr(t, "follow", followOnce())

	slices.Sort(committed)
	if len(committed) != writers*writesEach {
		t.Fatalf("%d writes committed, want %d", len(committed), writers*writesEach)
	}
	WantSlice(t, "revisions the follower saw, against those committed", seen, committed)
	for i := 1; i < len(seen); i++ {
		// No write failed, so nothing left a hole in the numbering.
		if seen[i] != seen[i-1]+1 {
			t.Errorf("revision %d follows %d: want them consecutive", seen[i], seen[i-1])
		}
	}
	last, err := head(t.Context())
	NoErr(t, "Head", err)
	WantEqual(t, "Head", last, committed[len(committed)-1])
}

// HoldBeforeCommit waits a varying moment, under a millisecond. Called in a
// write's transaction once it holds its revision, it gives other writers the
// chance to overtake.
func HoldBeforeCommit() {
	time.Sleep(time.Duration(rand.IntN(1000)) * time.Microsecond)
}
