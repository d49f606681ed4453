package follow_test

import (
	"errors"
	"testing"

	"github.com/liaisonhq/liaison/platform/follow"
	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// testLeaseFencing checks that a replica whose lease lapsed (paused past its
// deadline, say, and not yet aware of it) can commit nothing more, neither
// before another replica takes the lease nor after, and cannot take it back
// while the new holder holds it.
func testLeaseFencing(t *testing.T, url string) {
	firstDB, secondDB := openDB(t, url), openDB(t, url)
	first := follow.NewLease(firstDB, "job", 0, quiet)
	second := follow.NewLease(secondDB, "job", 0, quiet)
	acquire := func(l *follow.Lease) bool {
		held, err := follow.Acquire(l, t.Context())
		if err != nil {
			t.Fatalf("acquire: %v", err)
		}
		return held
	}
	check := func(db *sqlstore.DB, l *follow.Lease) error {
		return db.Write(t.Context(), func(tx *sqlstore.Tx) error { return l.Check(t.Context(), tx) })
	}

	if !acquire(first) {
		t.Fatal("the first replica could not take a free lease")
	}
	if err := check(firstDB, first); err != nil {
		t.Fatalf("the holder's commit was fenced off: %v", err)
	}
	if acquire(second) {
		t.Fatal("the second replica took a live lease")
	}
	// The first replica stops renewing: its deadline passes.
	if err := firstDB.Write(t.Context(), func(tx *sqlstore.Tx) error {
		_, err := tx.Exec(t.Context(), `UPDATE leases SET expire_time = 0 WHERE name = ?`, "job")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := check(firstDB, first); !errors.Is(err, follow.ErrLeaseLost) {
		t.Fatalf("a commit after the lease lapsed = %v, want ErrLeaseLost", err)
	}
	if !acquire(second) {
		t.Fatal("the second replica could not take a lapsed lease")
	}
	if err := check(firstDB, first); !errors.Is(err, follow.ErrLeaseLost) {
		t.Fatalf("the old holder's commit after a takeover = %v, want ErrLeaseLost", err)
	}
	if acquire(first) {
		t.Fatal("the old holder took the lease back from a live holder")
	}
	if err := check(secondDB, second); err != nil {
		t.Fatalf("the new holder's commit was fenced off: %v", err)
	}
}
