package storetest

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// wantChanges fails the test unless got are the changes want, in order.
func wantChanges(t *testing.T, what string, got, want []*policyv1.Change) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d changes, want %d\n got: %v\nwant: %v", what, len(got), len(want), got, want)
		return
	}
	for i := range got {
		sqlstoretest.WantProto(t, what, got[i], want[i])
	}
}

func changeLogCases() []testCase {
	return []testCase{
		{Name: "Empty", Check: func(t *testing.T, s store.Store) {
			head, err := s.Log().Head(t.Context())
			sqlstoretest.NoErr(t, "Head", err)
			sqlstoretest.WantEqual(t, "Head of an empty log", head, 0)
			changes, err := changesAfter(t, s, 0, "", 100)
			sqlstoretest.NoErr(t, "Changes", err)
			wantChanges(t, "Changes of an empty log", changes, nil)
		}},
		{Name: "RecordAndRead", Check: func(t *testing.T, s store.Store) {
			// Two transactions, two tenants, every operation.
			batches := [][]*policyv1.Change{{
				{Tenant: "contoso", Resource: "tenants/contoso/users/alice", Operation: policyv1.Change_CREATE, Time: at(60)},
				{Tenant: "fabrikam", Resource: "tenants/fabrikam/linkedInSettings", Operation: policyv1.Change_UPDATE, Time: at(61)},
				{Tenant: "contoso", Resource: "tenants/contoso/groups/pilot/members", Operation: policyv1.Change_UPDATE, Time: at(62)},
			}, {
				{Tenant: "contoso", Resource: "tenants/contoso/users/alice", Operation: policyv1.Change_DELETE, Time: at(63)},
				{Tenant: "fabrikam", Resource: "tenants/fabrikam/clientPolicy", Operation: policyv1.Change_UPDATE, Time: at(64)},
			}}
			var all []*policyv1.Change
			for _, batch := range batches {
				sqlstoretest.Write(t, s, func(tx store.Tx) error {
					for _, c := range batch {
						rev, err := tx.Record(t.Context(), c)
						if err != nil {
							return err
						}
						c.Revision = rev
					}
					return nil
				})
				all = append(all, batch...)
			}
			for i, c := range all {
				if c.Revision <= 0 || (i > 0 && c.Revision <= all[i-1].Revision) {
					t.Fatalf("revisions are not positive and increasing: change %d got %d after %d", i, c.Revision, all[max(i-1, 0)].Revision)
				}
			}
			last := all[len(all)-1].Revision

			head, err := s.Log().Head(t.Context())
			sqlstoretest.NoErr(t, "Head", err)
			sqlstoretest.WantEqual(t, "Head", head, last)

			changes, err := changesAfter(t, s, 0, "", 100)
			sqlstoretest.NoErr(t, "Changes", err)
			wantChanges(t, "every change", changes, all)

			changes, err = changesAfter(t, s, 0, "contoso", 100)
			sqlstoretest.NoErr(t, "Changes", err)
			wantChanges(t, "contoso's changes", changes, []*policyv1.Change{all[0], all[2], all[3]})

			changes, err = changesAfter(t, s, all[0].Revision, "contoso", 100)
			sqlstoretest.NoErr(t, "Changes", err)
			wantChanges(t, "contoso's changes after the first", changes, []*policyv1.Change{all[2], all[3]})

			changes, err = changesAfter(t, s, all[1].Revision, "", 2)
			sqlstoretest.NoErr(t, "Changes", err)
			wantChanges(t, "a page of two after the second change", changes, all[2:4])

			changes, err = changesAfter(t, s, 0, "fabrikam", 1)
			sqlstoretest.NoErr(t, "Changes", err)
			wantChanges(t, "a page of one of fabrikam's changes", changes, all[1:2])

			changes, err = changesAfter(t, s, last, "", 100)
			sqlstoretest.NoErr(t, "Changes", err)
			wantChanges(t, "changes after the head", changes, nil)

			changes, err = changesAfter(t, s, 0, "northwind", 100)
			sqlstoretest.NoErr(t, "Changes", err)
			wantChanges(t, "changes of a tenant without any", changes, nil)
		}},
	}
}

// changesAfter reads the change log as the API's changes.
func changesAfter(t *testing.T, s store.Store, after int64, tenant string, limit int) ([]*policyv1.Change, error) {
	entries, err := s.Log().After(t.Context(), after, tenant, limit)
	changes := make([]*policyv1.Change, len(entries))
	for i, e := range entries {
		changes[i] = &policyv1.Change{
			Revision: e.Revision, Tenant: e.Tenant, Resource: e.Resource,
			Operation: policyv1.Change_Operation(e.Kind), Time: timestamppb.New(e.Time),
		}
	}
	if len(changes) == 0 {
		changes = nil
	}
	return changes, err
}
