package storetest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
)

func transactionCases() []testCase {
	return []testCase{
		{"Ping", func(t *testing.T, s store.Store) {
			noErr(t, "Ping", s.Ping(t.Context()))
		}},
		{"FailedWriteLeavesNothing", func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			headBefore, err := s.Head(t.Context())
			noErr(t, "Head", err)

			boom := errors.New("boom")
			err = s.Write(t.Context(), func(tx store.Tx) error {
				rev, err := record(t, tx, "contoso", "tenants/contoso/users/alice")
				if err != nil {
					return err
				}
				steps := []func() error{
					func() error {
						return tx.Audit(t.Context(), &policyv1.AuditEvent{
							Revision: rev, Actor: "a", Action: "CreateUser", Resource: "tenants/contoso/users/alice",
						})
					},
					func() error { return tx.CreateUser(t.Context(), "contoso", user("alice")) },
					func() error { return tx.CreateGroup(t.Context(), "contoso", group("pilot")) },
					func() error {
						return tx.PutMailboxPolicy(t.Context(), "contoso", mailboxPolicy("strict", false, true), rev)
					},
					func() error {
						return tx.PutLinkedInSettings(t.Context(), "contoso",
							&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_ENABLED, UpdateTime: at(1)}, rev)
					},
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
			changes, err := s.Changes(t.Context(), 0, "", 100)
			noErr(t, "Changes", err)
			wantEqual(t, "changes after a failed write", len(changes), 0)
			events, err := s.ListAuditEvents(t.Context(), "contoso", 0, 100)
			noErr(t, "ListAuditEvents", err)
			wantEqual(t, "audit events after a failed write", len(events), 0)
			_, err = s.GetUser(t.Context(), "contoso", "alice")
			wantErr(t, "GetUser after a failed write", err, store.ErrNotFound)
			_, err = s.GetGroup(t.Context(), "contoso", "pilot")
			wantErr(t, "GetGroup after a failed write", err, store.ErrNotFound)
			_, err = s.GetMailboxPolicy(t.Context(), "contoso", "strict")
			wantErr(t, "GetMailboxPolicy after a failed write", err, store.ErrNotFound)
			_, err = s.GetLinkedInSettings(t.Context(), "contoso")
			wantErr(t, "GetLinkedInSettings after a failed write", err, store.ErrNotFound)

			// The store still takes writes, numbered after the head.
			var rev int64
			write(t, s, func(tx store.Tx) error {
				var err error
				rev, err = record(t, tx, "contoso", "tenants/contoso")
				return err
			})
			if rev <= headBefore {
				t.Errorf("revision after a failed write: got %d, want above %d", rev, headBefore)
			}
		}},
		{"StoreErrorRollsBack", func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createUsers(t, s, "contoso", user("alice"))
			// The second statement fails; the first must not stay.
			err := writeErr(t, s, func(tx store.Tx) error {
				if _, err := record(t, tx, "contoso", "tenants/contoso/users/bob"); err != nil {
					return err
				}
				if err := tx.CreateUser(t.Context(), "contoso", user("bob")); err != nil {
					return err
				}
				return tx.CreateUser(t.Context(), "contoso", user("alice"))
			})
			wantErr(t, "Write creating a duplicate", err, store.ErrAlreadyExists)
			_, err = s.GetUser(t.Context(), "contoso", "bob")
			wantErr(t, "GetUser of a user created in the failed write", err, store.ErrNotFound)
			head, err := s.Head(t.Context())
			noErr(t, "Head", err)
			wantEqual(t, "Head after the failed write", head, 0)
		}},
		{"ConcurrentWrites", concurrentWrites},
	}
}

// concurrentWrites runs writers in parallel while a watcher follows the log
// the way Watch does, from the last revision it saw. Revisions must become
// visible in the order they are numbered: were a later revision to commit
// before an earlier one, the watcher would move past the earlier one and
// never see it.
func concurrentWrites(t *testing.T, s store.Store) {
	const writers, writesEach = 8, 20

	var (
		mu       sync.Mutex
		recorded []int64
		wg       sync.WaitGroup
	)
	errs := make(chan error, writers)
	for w := range writers {
		tenant := fmt.Sprintf("tenant-%d", w)
		wg.Go(func() {
			for i := range writesEach {
				var rev int64
				err := s.Write(t.Context(), func(tx store.Tx) error {
					var err error
					rev, err = tx.Record(t.Context(), &policyv1.Change{
						Tenant:    tenant,
						Resource:  fmt.Sprintf("tenants/%s/users/u%02d", tenant, i),
						Operation: policyv1.Change_CREATE,
						Time:      at(i),
					})
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
				recorded = append(recorded, rev)
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
		changes, err := s.Changes(t.Context(), last, "", 1000)
		for _, c := range changes {
			seen = append(seen, c.Revision)
		}
		return err
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	for watching := true; watching; {
		select {
		case <-done:
			watching = false
		default:
		}
		noErr(t, "Changes", follow())
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Catch up with whatever committed after the last poll.
	noErr(t, "Changes", follow())

	slices.Sort(recorded)
	if len(recorded) != writers*writesEach {
		t.Fatalf("%d writes committed, want %d", len(recorded), writers*writesEach)
	}
	wantSlice(t, "revisions the watcher saw, against those committed", seen, recorded)
	for i := 1; i < len(seen); i++ {
		// No write failed, so nothing left a hole in the numbering.
		if seen[i] != seen[i-1]+1 {
			t.Errorf("revision %d follows %d: want them consecutive", seen[i], seen[i-1])
		}
	}
	head, err := s.Head(t.Context())
	noErr(t, "Head", err)
	wantEqual(t, "Head", head, recorded[len(recorded)-1])

	for w := range writers {
		tenant := fmt.Sprintf("tenant-%d", w)
		changes, err := s.Changes(t.Context(), 0, tenant, 1000)
		noErr(t, "Changes", err)
		var resources []string
		for _, c := range changes {
			resources = append(resources, c.Resource)
		}
		want := make([]string, writesEach)
		for i := range want {
			want[i] = fmt.Sprintf("tenants/%s/users/u%02d", tenant, i)
		}
		wantSlice(t, tenant+"'s changes, in its own order", resources, want)
	}
}
