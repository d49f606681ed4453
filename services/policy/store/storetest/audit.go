package storetest

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/types/known/structpb"
)

// object builds an audit Struct.
func object(t *testing.T, fields map[string]any) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(fields)
	sqlstoretest.NoErr(t, "NewStruct", err)
	return s
}

// recordAudited records c and its audit event in one transaction, the way
// the service journals a change, and returns the event as a read should
// give it back: with the change's revision and time.
func recordAudited(t *testing.T, s store.Store, c *policyv1.Change, e *policyv1.AuditEvent) *policyv1.AuditEvent {
	t.Helper()
	sqlstoretest.Write(t, s, func(tx store.Tx) error {
		rev, err := tx.Record(t.Context(), c)
		if err != nil {
			return err
		}
		e.Revision = rev
		return tx.Audit(t.Context(), e)
	})
	e.Time = c.Time
	return e
}

func auditCases() []testCase {
	return []testCase{
		{Name: "ListNewestFirst", Check: func(t *testing.T, s store.Store) {
			alice := object(t, map[string]any{
				"id":     "alice",
				"email":  "alice@contoso.example",
				"phones": []any{map[string]any{"type": "MOBILE", "number": "+1 555 0101"}},
				"nested": map[string]any{"count": 3.5, "enabled": true, "nothing": nil},
			})
			aliceLater := object(t, map[string]any{"id": "alice", "jobTitle": "Director"})
			var contoso []*policyv1.AuditEvent
			add := func(tenant, resource string, op policyv1.Change_Operation, n int, before, after *structpb.Struct) {
				e := recordAudited(t, s,
					&policyv1.Change{Tenant: tenant, Resource: resource, Operation: op, Time: at(70 + n)},
					&policyv1.AuditEvent{
						Actor: "admin@" + tenant + ".example", Action: "Action" + resource, Resource: resource,
						Before: before, After: after, RequestId: "req-" + resource,
					})
				if tenant == "contoso" {
					contoso = append(contoso, e)
				}
			}
			add("contoso", "tenants/contoso/users/alice", policyv1.Change_CREATE, 1, nil, alice)
			add("fabrikam", "tenants/fabrikam/users/bob", policyv1.Change_CREATE, 2, nil, aliceLater)
			add("contoso", "tenants/contoso/users/alice", policyv1.Change_UPDATE, 3, alice, aliceLater)
			add("contoso", "tenants/contoso/groups/pilot", policyv1.Change_CREATE, 4, nil, object(t, map[string]any{"id": "pilot"}))
			add("contoso", "tenants/contoso/users/alice", policyv1.Change_DELETE, 5, aliceLater, nil)
			add("fabrikam", "tenants/fabrikam/users/bob", policyv1.Change_DELETE, 6, aliceLater, nil)

			newestFirst := func(events []*policyv1.AuditEvent) []*policyv1.AuditEvent {
				out := make([]*policyv1.AuditEvent, len(events))
				for i, e := range events {
					out[len(events)-1-i] = e
				}
				return out
			}
			check := func(what string, got, want []*policyv1.AuditEvent) {
				t.Helper()
				if len(got) != len(want) {
					t.Errorf("%s: got %d events, want %d\n got: %v\nwant: %v", what, len(got), len(want), got, want)
					return
				}
				for i := range got {
					sqlstoretest.WantProto(t, what, got[i], want[i])
				}
			}

			got, err := s.ListAuditEvents(t.Context(), "contoso", 0, 100)
			sqlstoretest.NoErr(t, "ListAuditEvents", err)
			check("contoso's events", got, newestFirst(contoso))

			got, err = s.ListAuditEvents(t.Context(), "contoso", 0, 2)
			sqlstoretest.NoErr(t, "ListAuditEvents", err)
			check("the newest two", got, newestFirst(contoso[2:]))

			got, err = s.ListAuditEvents(t.Context(), "contoso", contoso[2].Revision, 2)
			sqlstoretest.NoErr(t, "ListAuditEvents", err)
			check("two before the third", got, newestFirst(contoso[:2]))

			got, err = s.ListAuditEvents(t.Context(), "contoso", contoso[0].Revision, 2)
			sqlstoretest.NoErr(t, "ListAuditEvents", err)
			check("before the first", got, nil)

			got, err = s.ListAuditEvents(t.Context(), "northwind", 0, 100)
			sqlstoretest.NoErr(t, "ListAuditEvents", err)
			check("events of a tenant without any", got, nil)
		}},
		{Name: "NilSidesStayNil", Check: func(t *testing.T, s store.Store) {
			after := object(t, map[string]any{"id": "alice"})
			recordAudited(t, s,
				&policyv1.Change{Tenant: "contoso", Resource: "tenants/contoso/users/alice", Operation: policyv1.Change_CREATE, Time: at(1)},
				&policyv1.AuditEvent{Actor: "a", Action: "CreateUser", Resource: "tenants/contoso/users/alice", After: after})
			recordAudited(t, s,
				&policyv1.Change{Tenant: "contoso", Resource: "tenants/contoso/users/alice", Operation: policyv1.Change_DELETE, Time: at(2)},
				&policyv1.AuditEvent{Actor: "a", Action: "DeleteUser", Resource: "tenants/contoso/users/alice", Before: after})
			recordAudited(t, s,
				&policyv1.Change{Tenant: "contoso", Resource: "tenants/contoso/users/bob", Operation: policyv1.Change_UPDATE, Time: at(3)},
				&policyv1.AuditEvent{Actor: "a", Action: "UpdateUser", Resource: "tenants/contoso/users/bob",
					Before: object(t, map[string]any{}), After: object(t, map[string]any{})})
			got, err := s.ListAuditEvents(t.Context(), "contoso", 0, 100)
			sqlstoretest.NoErr(t, "ListAuditEvents", err)
			if len(got) != 3 {
				t.Fatalf("got %d events, want 3", len(got))
			}
			update, del, create := got[0], got[1], got[2]
			if create.Before != nil || create.After == nil {
				t.Errorf("create: before %v, after %v; want nil and set", create.Before, create.After)
			}
			if del.Before == nil || del.After != nil {
				t.Errorf("delete: before %v, after %v; want set and nil", del.Before, del.After)
			}
			if update.Before == nil || update.After == nil {
				t.Errorf("update with empty objects: before %v, after %v; want both set", update.Before, update.After)
			}
		}},
		{Name: "NeedsRecordedRevision", Check: func(t *testing.T, s store.Store) {
			var head int64
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				var err error
				head, err = record(t, tx, "contoso", "tenants/contoso")
				return err
			})
			// An audit entry with no change behind it must not vanish
			// silently.
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
				return tx.Audit(t.Context(), &policyv1.AuditEvent{
					Revision: head + 100, Actor: "a", Action: "UpdateUser", Resource: "tenants/contoso/users/alice",
				})
			})
			if err == nil {
				t.Error("Audit of a revision never recorded succeeded")
			}
		}},
	}
}
