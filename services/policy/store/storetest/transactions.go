package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
)

func transactionCases() []testCase {
	return []testCase{
		{Name: "Ping", Check: func(t *testing.T, s store.Store) {
			sqlstoretest.NoErr(t, "Ping", s.Ping(t.Context()))
		}},
		{Name: "FailedWriteLeavesNothing", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			headBefore, err := s.Log().Head(t.Context())
			sqlstoretest.NoErr(t, "Head", err)

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
					func() error { return tx.CreateUser(t.Context(), "contoso", user("alice"), revisionOf(user("alice"))) },
					func() error {
						return tx.CreateGroup(t.Context(), "contoso", group("pilot"), revisionOf(group("pilot")))
					},
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

			head, err := s.Log().Head(t.Context())
			sqlstoretest.NoErr(t, "Head", err)
			sqlstoretest.WantEqual(t, "Head after a failed write", head, headBefore)
			changes, err := changesAfter(t, s, 0, "", 100)
			sqlstoretest.NoErr(t, "Changes", err)
			sqlstoretest.WantEqual(t, "changes after a failed write", len(changes), 0)
			events, err := s.ListAuditEvents(t.Context(), "contoso", 0, 100)
			sqlstoretest.NoErr(t, "ListAuditEvents", err)
			sqlstoretest.WantEqual(t, "audit events after a failed write", len(events), 0)
			_, err = s.GetUser(t.Context(), "contoso", "alice")
			sqlstoretest.WantErr(t, "GetUser after a failed write", err, store.ErrNotFound)
			_, err = s.GetGroup(t.Context(), "contoso", "pilot")
			sqlstoretest.WantErr(t, "GetGroup after a failed write", err, store.ErrNotFound)
			_, err = s.GetMailboxPolicy(t.Context(), "contoso", "strict")
			sqlstoretest.WantErr(t, "GetMailboxPolicy after a failed write", err, store.ErrNotFound)
			_, err = s.GetLinkedInSettings(t.Context(), "contoso")
			sqlstoretest.WantErr(t, "GetLinkedInSettings after a failed write", err, store.ErrNotFound)

			// The store still takes writes, numbered after the head.
			var rev int64
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				var err error
				rev, err = record(t, tx, "contoso", "tenants/contoso")
				return err
			})
			if rev <= headBefore {
				t.Errorf("revision after a failed write: got %d, want above %d", rev, headBefore)
			}
		}},
		{Name: "StoreErrorRollsBack", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createUsers(t, s, "contoso", user("alice"))
			// The second statement fails; the first must not stay.
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
				if _, err := record(t, tx, "contoso", "tenants/contoso/users/bob"); err != nil {
					return err
				}
				if err := tx.CreateUser(t.Context(), "contoso", user("bob"), revisionOf(user("bob"))); err != nil {
					return err
				}
				return tx.CreateUser(t.Context(), "contoso", user("alice"), revisionOf(user("alice")))
			})
			sqlstoretest.WantErr(t, "Write creating a duplicate", err, store.ErrAlreadyExists)
			_, err = s.GetUser(t.Context(), "contoso", "bob")
			sqlstoretest.WantErr(t, "GetUser of a user created in the failed write", err, store.ErrNotFound)
			head, err := s.Log().Head(t.Context())
			sqlstoretest.NoErr(t, "Head", err)
			sqlstoretest.WantEqual(t, "Head after the failed write", head, 0)
		}},
		{Name: "ConcurrentWrites", Check: concurrentWrites},
	}
}

// concurrentWrites runs writers in parallel while a watcher follows the log
// and checks that revisions commit in the order they are numbered; then
// that each tenant's changes kept the order its writer made them in.
func concurrentWrites(t *testing.T, s store.Store) {
	const writers, writesEach = 8, 20
	tenant := func(writer int) string { return fmt.Sprintf("tenant-%d", writer) }
	resource := func(tenant string, i int) string { return fmt.Sprintf("tenants/%s/users/u%02d", tenant, i) }

	sqlstoretest.RevisionsCommitInOrder(t, writers, writesEach,
		func(ctx context.Context, writer, i int) (int64, error) {
			var rev int64
			err := s.Write(ctx, func(tx store.Tx) error {
				var err error
				rev, err = tx.Record(ctx, &policyv1.Change{
					Tenant:    tenant(writer),
					Resource:  resource(tenant(writer), i),
					Operation: policyv1.Change_CREATE,
					Time:      at(i),
				})
				sqlstoretest.HoldBeforeCommit()
				return err
			})
			return rev, err
		},
		func(ctx context.Context, after int64) ([]*policyv1.Change, error) {
			return changesAfter(t, s, after, "", 1000)
		},
		s.Log().Head)

	for w := range writers {
		changes, err := changesAfter(t, s, 0, tenant(w), 1000)
		sqlstoretest.NoErr(t, "Changes", err)
		var resources []string
		for _, c := range changes {
			resources = append(resources, c.Resource)
		}
		want := make([]string, writesEach)
		for i := range want {
			want[i] = resource(tenant(w), i)
		}
		sqlstoretest.WantSlice(t, tenant(w)+"'s changes, in its own order", resources, want)
	}
}
