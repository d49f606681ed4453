package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/liaisonhq/liaison/platform/follow"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
)

func transactionCases() []testCase {
	return []testCase{
		{Name: "Ping", Check: func(t *testing.T, s store.Store) {
			sqlstoretest.NoErr(t, "Ping", s.Ping(t.Context()))
		}},
		{Name: "FailedWriteLeavesNothing", Check: func(t *testing.T, s store.Store) {
			// What was there before: a link, a pending authorization, a
			// cursor and one event.
			bob := link("contoso", "bob", "m-bob")
			putLinks(t, s, bob)
			createPending(t, s, pending("hash-a", 600))
			setCursor(t, s, "policy", 5)
			appendEvents(t, s, event("contoso", "bob", consentv1.ConsentEvent_GRANTED, 1))
			headBefore, err := s.Log().Head(t.Context())
			sqlstoretest.NoErr(t, "Head", err)

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
						_, err := tx.TakePending(t.Context(), "hash-a", "binding-hash-a")
						return err
					},
					func() error { return tx.CreatePending(t.Context(), pending("hash-b", 600)) },
					func() error { return tx.DeleteLink(t.Context(), "contoso", "bob") },
					func() error { return follow.SaveCursor(t.Context(), tx.Platform(), "policy", 9) },
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

			head, err := s.Log().Head(t.Context())
			sqlstoretest.NoErr(t, "Head", err)
			sqlstoretest.WantEqual(t, "Head after a failed write", head, headBefore)
			events, err := s.Events(t.Context(), 0, "", 100)
			sqlstoretest.NoErr(t, "Events", err)
			sqlstoretest.WantEqual(t, "events after a failed write", len(events), 1)
			_, err = s.GetLink(t.Context(), "contoso", "alice")
			sqlstoretest.WantErr(t, "GetLink of the link put in the failed write", err, store.ErrNotFound)
			got, err := s.GetLink(t.Context(), "contoso", "bob")
			sqlstoretest.NoErr(t, "GetLink of the link deleted in the failed write", err)
			wantLink(t, "link deleted in the failed write", got, bob)
			wantCursor(t, s, "cursor after a failed write", "policy", 5)
			_, err = take(t, s, "hash-b")
			sqlstoretest.WantErr(t, "TakePending of the authorization created in the failed write", err, store.ErrNotFound)
			_, err = take(t, s, "hash-a")
			sqlstoretest.NoErr(t, "TakePending of the authorization taken in the failed write", err)

			// The store still takes writes, numbered after the head.
			e := event("contoso", "alice", consentv1.ConsentEvent_GRANTED, 3)
			appendEvents(t, s, e)
			if e.Revision <= headBefore {
				t.Errorf("revision after a failed write: got %d, want above %d", e.Revision, headBefore)
			}
		}},
		{Name: "StoreErrorRollsBack", Check: func(t *testing.T, s store.Store) {
			createPending(t, s, pending("hash-a", 600))
			// The last statement fails; the earlier ones must not stay.
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
				if _, err := tx.AppendEvent(t.Context(), event("contoso", "alice", consentv1.ConsentEvent_GRANTED, 1)); err != nil {
					return err
				}
				if err := tx.PutLink(t.Context(), link("contoso", "alice", "m-alice")); err != nil {
					return err
				}
				return tx.CreatePending(t.Context(), pending("hash-a", 900))
			})
			sqlstoretest.WantErr(t, "Write creating a duplicate authorization", err, store.ErrAlreadyExists)
			_, err = s.GetLink(t.Context(), "contoso", "alice")
			sqlstoretest.WantErr(t, "GetLink of the link put in the failed write", err, store.ErrNotFound)
			head, err := s.Log().Head(t.Context())
			sqlstoretest.NoErr(t, "Head", err)
			sqlstoretest.WantEqual(t, "Head after the failed write", head, 0)
		}},
		{Name: "ConcurrentWrites", Check: concurrentWrites},
	}
}

// concurrentWrites runs writers in parallel while a follower reads the
// ledger and checks that revisions commit in the order they are numbered;
// then that each tenant's events kept the order its writer made them in.
func concurrentWrites(t *testing.T, s store.Store) {
	const writers, writesEach = 8, 20
	tenant := func(writer int) string { return fmt.Sprintf("tenant-%d", writer) }
	user := func(i int) string { return fmt.Sprintf("u%02d", i) }

	sqlstoretest.RevisionsCommitInOrder(t, writers, writesEach,
		func(ctx context.Context, writer, i int) (int64, error) {
			e := event(tenant(writer), user(i), consentv1.ConsentEvent_GRANTED, i)
			err := s.Write(ctx, func(tx store.Tx) error {
				_, err := tx.AppendEvent(ctx, e)
				sqlstoretest.HoldBeforeCommit()
				return err
			})
			return e.Revision, err
		},
		func(ctx context.Context, after int64) ([]*consentv1.ConsentEvent, error) {
			return s.Events(ctx, after, "", 1000)
		},
		s.Log().Head)

	for w := range writers {
		events, err := s.Events(t.Context(), 0, tenant(w), 1000)
		sqlstoretest.NoErr(t, "Events", err)
		var got []string
		for _, e := range events {
			got = append(got, e.User)
		}
		want := make([]string, writesEach)
		for i := range want {
			want[i] = user(i)
		}
		sqlstoretest.WantSlice(t, tenant(w)+"'s events, in its own order", got, want)
	}
}
