package storetest

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"
)

func erasureCases() []testCase {
	return []testCase{
		{Name: "PseudonymiseKeepsEveryEventWithoutThePerson", Check: func(t *testing.T, s store.Store) {
			alice := object(t, map[string]any{"id": "alice", "email": "alice@contoso.example", "displayName": "Alice Wong"})
			bob := object(t, map[string]any{"id": "bob", "manager": "alice", "updateActor": "alice"})
			membership := object(t, map[string]any{"group": "pilot", "member": "users/alice"})
			// Another user whose id contains hers, and another tenant's
			// alice, stay as they are.
			alicia := object(t, map[string]any{"id": "alice2", "manager": "alice2"})
			add := func(tenant, resource, actor string, before, after *structpb.Struct) *policyv1.AuditEvent {
				return recordAudited(t, s, &policyv1.Change{Tenant: tenant, Resource: resource, Operation: policyv1.Change_UPDATE, Time: at(1)},
					&policyv1.AuditEvent{Actor: actor, Action: "A", Resource: resource, Before: before, After: after})
			}
			add("contoso", "tenants/contoso/users/alice", "admin", nil, alice)
			add("contoso", "tenants/contoso/users/bob", "alice", nil, bob)
			add("contoso", "tenants/contoso/groups/pilot/members/users/alice", "admin", nil, membership)
			add("contoso", "tenants/contoso/users/alice2", "admin", nil, alicia)
			add("fabrikam", "tenants/fabrikam/users/alice", "alice", nil, alice)
			add("contoso", "tenants/contoso/users/alice", "admin", alice, nil)

			// In batches of 2, as an erasure rewrites a long log.
			var changed int64
			for before := int64(0); ; {
				sqlstoretest.Write(t, s, func(tx store.Tx) error {
					next, n, err := tx.PseudonymiseAudit(t.Context(), "contoso", "alice", "erased-1", before, 2)
					before, changed = next, changed+n
					return err
				})
				if before == 0 {
					break
				}
			}
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.PseudonymiseRest(t.Context(), "contoso", "alice", "erased-1") })
			if changed != 4 {
				t.Errorf("Pseudonymise changed %d entries, want 4", changed)
			}
			events, err := s.ListAuditEvents(t.Context(), "contoso", 0, 100)
			sqlstoretest.NoErr(t, "ListAuditEvents", err)
			var got []string
			for _, e := range events {
				b, _ := protojson.Marshal(&policyv1.AuditEvent{Actor: e.Actor, Resource: e.Resource, Before: e.Before, After: e.After})
				got = append(got, string(b))
			}
			want := []string{
				`{"actor":"admin","resource":"tenants/contoso/users/erased-1","before":{"id":"erased-1"}}`,
				`{"actor":"admin","resource":"tenants/contoso/users/alice2","after":{"id":"alice2","manager":"alice2"}}`,
				`{"actor":"admin","resource":"tenants/contoso/groups/pilot/members/users/erased-1","after":{"group":"pilot","member":"users/erased-1"}}`,
				`{"actor":"erased-1","resource":"tenants/contoso/users/bob","after":{"id":"bob","manager":"erased-1","updateActor":"erased-1"}}`,
				`{"actor":"admin","resource":"tenants/contoso/users/erased-1","after":{"id":"erased-1"}}`,
			}
			if len(got) != len(want) {
				t.Fatalf("%d events after, want %d: %v", len(got), len(want), got)
			}
			for i := range want {
				if compact(got[i]) != compact(want[i]) {
					t.Errorf("event %d:\n got %s\nwant %s", i, got[i], want[i])
				}
			}
			other, err := s.ListAuditEvents(t.Context(), "fabrikam", 0, 100)
			sqlstoretest.NoErr(t, "ListAuditEvents", err)
			if len(other) != 1 || other[0].Actor != "alice" || other[0].Resource != "tenants/fabrikam/users/alice" {
				t.Errorf("another tenant's alice was changed: %v", other)
			}
			entries, err := s.Log().After(t.Context(), 0, "contoso", 100)
			sqlstoretest.NoErr(t, "After", err)
			for _, e := range entries {
				if e.Resource == "tenants/contoso/users/alice" || e.Resource == "tenants/contoso/groups/pilot/members/users/alice" {
					t.Errorf("the change log still names alice: %s", e.Resource)
				}
			}
			if len(entries) != 5 {
				t.Errorf("%d change-log entries, want the 5 kept", len(entries))
			}
		}},
		{Name: "ErasureRoundTripForgetsTheSubjectWhenDone", Check: func(t *testing.T, s store.Store) {
			e := &store.Erasure{Erasure: &policyv1.Erasure{
				Id: "0123456789abcdef0123456789abcdef", Tenant: "contoso", Pseudonym: "erased-1", State: policyv1.Erasure_RUNNING,
				Actor: "admin", CreateTime: at(1),
				Receipts: []*policyv1.ErasureReceipt{{Service: "consent", State: policyv1.Erasure_DONE, Detail: "disconnected"}},
			}, Subject: "alice", Step: 2, PolicyRevision: 7, ConsentRevision: 9}
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.PutErasure(t.Context(), e) })
			active, err := s.ActiveErasure(t.Context(), "contoso", "alice")
			if err != nil || active.Id != e.Id {
				t.Errorf("ActiveErasure = %v, %v; want the one under way", active, err)
			}
			second := &store.Erasure{Erasure: &policyv1.Erasure{Id: "1123456789abcdef0123456789abcdef", Tenant: "contoso", Pseudonym: "erased-2",
				State: policyv1.Erasure_PENDING, Actor: "admin", CreateTime: at(1)}, Subject: "alice"}
			if err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.PutErasure(t.Context(), second) }); err == nil {
				t.Error("a second erasure of the same person under way was stored")
			}
			got, err := s.GetErasure(t.Context(), "contoso", e.Id)
			sqlstoretest.NoErr(t, "GetErasure", err)
			if got.Subject != "alice" || got.Step != 2 || got.PolicyRevision != 7 || got.ConsentRevision != 9 || got.Receipts[0].Detail != "disconnected" {
				t.Errorf("read back %+v", got)
			}
			if _, err := s.GetErasure(t.Context(), "fabrikam", e.Id); err == nil {
				t.Error("another tenant read the erasure")
			}
			e.State, e.EndTime = policyv1.Erasure_DONE, at(2)
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.PutErasure(t.Context(), e) })
			got, err = s.GetErasure(t.Context(), "contoso", e.Id)
			sqlstoretest.NoErr(t, "GetErasure", err)
			if got.Subject != "" || got.State != policyv1.Erasure_DONE || got.EndTime == nil {
				t.Errorf("a done erasure still names %q (state %v)", got.Subject, got.State)
			}
			if _, err := s.GetErasure(t.Context(), "contoso", e.Id); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ActiveErasure(t.Context(), "contoso", "alice"); err == nil {
				t.Error("a done erasure is still the active one")
			}
		}},
	}
}

// compact drops a JSON text's spaces, as protojson may add them.
func compact(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			out = append(out, s[i])
		}
	}
	return string(out)
}
