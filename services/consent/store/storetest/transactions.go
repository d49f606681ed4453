package storetest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
)

func transactionCases() []testCase {
	return []testCase{
		{"Ping", func(t *testing.T, s store.Store) {
			noErr(t, "Ping", s.Ping(t.Context()))
		}},
		{"FailedWriteLeavesNothing", func(t *testing.T, s store.Store) {
			// What was there before: a link, a pending authorization, a
			// cursor and one event.
			bob := link("contoso", "bob", "m-bob")
			putLinks(t, s, bob)
			createPending(t, s, pending("hash-a", 600))
			setCursor(t, s, "policy", 5)
			appendEvents(t, s, event("contoso", "bob", consentv1.ConsentEvent_GRANTED, 1))
			headBefore, err := s.Head(t.Context())
			noErr(t, "Head", err)

			// A connection completed and bob disconnected, then it fails.
			boom := errors.New("boom")
			err = s.Write(t.Context(), func(tx store.Tx) error {
				steps := []func() error{
					func() error {
						_, err := tx.AppendEvent(t.Context(), event("contoso", "alice", consentv1.ConsentEvent_GRANTED, 2))
						return err
					},
					func() error { return tx.PutLink(t.Context(), link("contoso", "alice", "m-alice")) },
					func() error {
						_, err := tx.TakePending(t.Context(), "hash-a")
						return err
					},
					func() error { return tx.CreatePending(t.Context(), pending("hash-b", 600)) },
					func() error { return tx.DeleteLink(t.Context(), "contoso", "bob") },
					func() error { return tx.SetCursor(t.Context(), "policy", 9) },
				}
				for _, step := range steps {
					if err := step(); err != nil {
						return err
					}
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("Write returned %v, want fn's error %v", err, boom)
			}

			head, err := s.Head(t.Context())
			noErr(t, "Head", err)
			wantEqual(t, "Head after a failed write", head, headBefore)
			events, err := s.Events(t.Context(), 0, "", 100)
			noErr(t, "Events", err)
			wantEqual(t, "events after a failed write", len(events), 1)
			_, err = s.GetLink(t.Context(), "contoso", "alice")
			wantErr(t, "GetLink of the link put in the failed write", err, store.ErrNotFound)
			got, err := s.GetLink(t.Context(), "contoso", "bob")
			noErr(t, "GetLink of the link deleted in the failed write", err)
			wantLink(t, "link deleted in the failed write", got, bob)
			wantCursor(t, s, "cursor after a failed write", "policy", 5)
			_, err = take(t, s, "hash-b")
			wantErr(t, "TakePending of the authorization created in the failed write", err, store.ErrNotFound)
			_, err = take(t, s, "hash-a")
			noErr(t, "TakePending of the authorization taken in the failed write", err)

			// The store still takes writes, numbered after the head.
			e := event("contoso", "alice", consentv1.ConsentEvent_GRANTED, 3)
			appendEvents(t, s, e)
			if e.Revision <= headBefore {
				t.Errorf("revision after a failed write: got %d, want above %d", e.Revision, headBefore)
			}
		}},
		{"StoreErrorRollsBack", func(t *testing.T, s store.Store) {
			createPending(t, s, pending("hash-a", 600))
			// The last statement fails; the earlier ones must not stay.
			err := writeErr(t, s, func(tx store.Tx) error {
				if _, err := tx.AppendEvent(t.Context(), event("contoso", "alice", consentv1.ConsentEvent_GRANTED, 1)); err != nil {
					return err
				}
				if err := tx.PutLink(t.Context(), link("contoso", "alice", "m-alice")); err != nil {
					return err
				}
				return tx.CreatePending(t.Context(), pending("hash-a", 900))
			})
			wantErr(t, "Write creating a duplicate authorization", err, store.ErrAlreadyExists)
			_, err = s.GetLink(t.Context(), "contoso", "alice")
			wantErr(t, "GetLink of the link put in the failed write", err, store.ErrNotFound)
			head, err := s.Head(t.Context())
			noErr(t, "Head", err)
			wantEqual(t, "Head after the failed write", head, 0)
		}},
		{"ConcurrentWrites", concurrentWrites},
	}
}

// concurrentWrites runs writers in parallel while a follower reads the
// ledger the way Watch does, from the last revision it saw. Revisions must
// become visible in the order they are numbered: were a later revision to
// commit before an earlier one, the follower would move past the earlier
// one and never see it.
func concurrentWrites(t *testing.T, s store.Store) {
	const writers, writesEach = 8, 20

	var (
		mu       sync.Mutex
		appended []int64
		wg       sync.WaitGroup
	)
	errs := make(chan error, writers)
	for w := range writers {
		tenant := fmt.Sprintf("tenant-%d", w)
		wg.Go(func() {
			for i := range writesEach {
				e := event(tenant, fmt.Sprintf("u%02d", i), consentv1.ConsentEvent_GRANTED, i)
				err := s.Write(t.Context(), func(tx store.Tx) error {
					_, err := tx.AppendEvent(t.Context(), e)
					// Hold the revision a varying moment before committing,
					// to give other writers the chance to overtake.
					time.Sleep(time.Duration(rand.IntN(1000)) * time.Microsecond)
					return err
				})
				if err != nil {
					errs <- fmt.Errorf("%s write %d: %w", tenant, i, err)
					return
				}
				mu.Lock()
				appended = append(appended, e.Revision)
				mu.Unlock()
			}
		})
	}

	var seen []int64
	follow := func() error {
		var last int64
		if len(seen) > 0 {
			last = seen[len(seen)-1]
		}
		events, err := s.Events(t.Context(), last, "", 1000)
		for _, e := range events {
			seen = append(seen, e.Revision)
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
		noErr(t, "Events", follow())
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Catch up with whatever committed after the last poll.
	noErr(t, "Events", follow())

	slices.Sort(appended)
	if len(appended) != writers*writesEach {
		t.Fatalf("%d writes committed, want %d", len(appended), writers*writesEach)
	}
	wantSlice(t, "revisions the follower saw, against those committed", seen, appended)
	for i := 1; i < len(seen); i++ {
		// No write failed, so nothing left a hole in the numbering.
		if seen[i] != seen[i-1]+1 {
			t.Errorf("revision %d follows %d: want them consecutive", seen[i], seen[i-1])
		}
	}
	head, err := s.Head(t.Context())
	noErr(t, "Head", err)
	wantEqual(t, "Head", head, appended[len(appended)-1])

	for w := range writers {
		tenant := fmt.Sprintf("tenant-%d", w)
		events, err := s.Events(t.Context(), 0, tenant, 1000)
		noErr(t, "Events", err)
		var got []string
		for _, e := range events {
			got = append(got, e.User)
		}
		want := make([]string, writesEach)
		for i := range want {
			want[i] = fmt.Sprintf("u%02d", i)
		}
		wantSlice(t, tenant+"'s events, in its own order", got, want)
	}
}
