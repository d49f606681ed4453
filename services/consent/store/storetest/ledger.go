package storetest

import (
	"maps"
	"slices"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// event is a ledger event of user in tenant at n seconds, with every field
// set but the revision.
func event(tenant, user string, kind consentv1.ConsentEvent_Kind, n int) *consentv1.ConsentEvent {
	e := &consentv1.ConsentEvent{
		Time:      timestamppb.New(at(n)),
		Tenant:    tenant,
		User:      user,
		Kind:      kind,
		Reason:    consentv1.ConsentEvent_USER_REQUEST,
		Actor:     user + "@" + tenant + ".example",
		MemberId:  "m-" + user,
		RequestId: "req-" + user,
	}
	switch kind {
	case consentv1.ConsentEvent_GRANTED:
		e.Direction = typev1.ConsentDirection_BIDIRECTIONAL
	case consentv1.ConsentEvent_DIRECTION_CHANGED:
		e.Direction = typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
		e.PreviousDirection = typev1.ConsentDirection_BIDIRECTIONAL
	case consentv1.ConsentEvent_REVOKED:
		e.Reason, e.Actor = consentv1.ConsentEvent_NOT_IN_SELECTED_GROUP, "service:consent"
		e.PreviousDirection = typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
	}
	return e
}

// appendEvents appends events in one transaction; the store sets their
// revisions.
func appendEvents(t *testing.T, s store.Store, events ...*consentv1.ConsentEvent) {
	t.Helper()
	sqlstoretest.Write(t, s, func(tx store.Tx) error {
		for _, e := range events {
			rev, err := tx.AppendEvent(t.Context(), e)
			if err != nil {
				return err
			}
			if rev != e.Revision {
				t.Errorf("AppendEvent returned revision %d but set %d on the event", rev, e.Revision)
			}
		}
		return nil
	})
}

// wantEvents fails the test unless got are the events want, in order.
func wantEvents(t *testing.T, what string, got, want []*consentv1.ConsentEvent) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d events, want %d\n got: %v\nwant: %v", what, len(got), len(want), got, want)
		return
	}
	for i := range got {
		sqlstoretest.WantProto(t, what, got[i], want[i])
	}
}

// newestFirst returns events in reverse order.
func newestFirst(events []*consentv1.ConsentEvent) []*consentv1.ConsentEvent {
	out := make([]*consentv1.ConsentEvent, len(events))
	for i, e := range events {
		out[len(events)-1-i] = e
	}
	return out
}

func ledgerCases() []testCase {
	const (
		granted = consentv1.ConsentEvent_GRANTED
		changed = consentv1.ConsentEvent_DIRECTION_CHANGED
		revoked = consentv1.ConsentEvent_REVOKED
	)
	return []testCase{
		{Name: "Empty", Check: func(t *testing.T, s store.Store) {
			head, err := s.Log().Head(t.Context())
			sqlstoretest.NoErr(t, "Head", err)
			sqlstoretest.WantEqual(t, "Head of an empty ledger", head, 0)
			events, err := s.Events(t.Context(), 0, "", 100)
			sqlstoretest.NoErr(t, "Events", err)
			wantEvents(t, "Events of an empty ledger", events, nil)
			events, err = s.ListEvents(t.Context(), "contoso", 0, 100)
			sqlstoretest.NoErr(t, "ListEvents", err)
			wantEvents(t, "ListEvents of an empty ledger", events, nil)
		}},
		{Name: "AppendAndFollow", Check: func(t *testing.T, s store.Store) {
			// Two transactions, two tenants, every kind.
			batches := [][]*consentv1.ConsentEvent{{
				event("contoso", "alice", granted, 1),
				event("fabrikam", "bob", granted, 2),
				event("contoso", "alice", changed, 3),
			}, {
				event("contoso", "carol", granted, 4),
				event("fabrikam", "bob", revoked, 5),
				event("contoso", "alice", revoked, 6),
			}}
			var all []*consentv1.ConsentEvent
			for _, batch := range batches {
				appendEvents(t, s, batch...)
				all = append(all, batch...)
			}
			for i, e := range all {
				if e.Revision <= 0 || (i > 0 && e.Revision <= all[i-1].Revision) {
					t.Fatalf("revisions are not positive and increasing: event %d got %d after %d", i, e.Revision, all[max(i-1, 0)].Revision)
				}
			}
			last := all[len(all)-1].Revision

			head, err := s.Log().Head(t.Context())
			sqlstoretest.NoErr(t, "Head", err)
			sqlstoretest.WantEqual(t, "Head", head, last)

			events, err := s.Events(t.Context(), 0, "", 100)
			sqlstoretest.NoErr(t, "Events", err)
			wantEvents(t, "every event", events, all)

			events, err = s.Events(t.Context(), 0, "contoso", 100)
			sqlstoretest.NoErr(t, "Events", err)
			wantEvents(t, "contoso's events", events, []*consentv1.ConsentEvent{all[0], all[2], all[3], all[5]})

			events, err = s.Events(t.Context(), all[2].Revision, "contoso", 100)
			sqlstoretest.NoErr(t, "Events", err)
			wantEvents(t, "contoso's events after its second", events, []*consentv1.ConsentEvent{all[3], all[5]})

			events, err = s.Events(t.Context(), all[1].Revision, "", 2)
			sqlstoretest.NoErr(t, "Events", err)
			wantEvents(t, "a page of two after the second event", events, all[2:4])

			events, err = s.Events(t.Context(), 0, "fabrikam", 1)
			sqlstoretest.NoErr(t, "Events", err)
			wantEvents(t, "a page of one of fabrikam's events", events, all[1:2])

			events, err = s.Events(t.Context(), last, "", 100)
			sqlstoretest.NoErr(t, "Events", err)
			wantEvents(t, "events after the head", events, nil)

			events, err = s.Events(t.Context(), 0, "northwind", 100)
			sqlstoretest.NoErr(t, "Events", err)
			wantEvents(t, "events of a tenant without any", events, nil)
		}},
		{Name: "ListNewestFirst", Check: func(t *testing.T, s store.Store) {
			var contoso []*consentv1.ConsentEvent
			for _, e := range []*consentv1.ConsentEvent{
				event("contoso", "alice", granted, 1),
				event("fabrikam", "alice", granted, 2),
				event("contoso", "bob", granted, 3),
				event("contoso", "alice", changed, 4),
				event("fabrikam", "alice", revoked, 5),
				event("contoso", "bob", revoked, 6),
				event("contoso", "carol", granted, 7),
			} {
				// One transaction each, as the service writes them.
				appendEvents(t, s, e)
				if e.Tenant == "contoso" {
					contoso = append(contoso, e)
				}
			}

			got, err := s.ListEvents(t.Context(), "contoso", 0, 100)
			sqlstoretest.NoErr(t, "ListEvents", err)
			wantEvents(t, "contoso's events", got, newestFirst(contoso))

			got, err = s.ListEvents(t.Context(), "contoso", 0, 2)
			sqlstoretest.NoErr(t, "ListEvents", err)
			wantEvents(t, "the newest two", got, newestFirst(contoso[3:]))

			// Page backwards the way the API's page token does.
			var paged []*consentv1.ConsentEvent
			var before int64
			for range 10 {
				page, err := s.ListEvents(t.Context(), "contoso", before, 2)
				sqlstoretest.NoErr(t, "ListEvents", err)
				if len(page) > 2 {
					t.Fatalf("ListEvents with limit 2 returned %d events", len(page))
				}
				if len(page) == 0 {
					break
				}
				paged = append(paged, page...)
				before = page[len(page)-1].Revision
			}
			wantEvents(t, "contoso's events page by page", paged, newestFirst(contoso))

			got, err = s.ListEvents(t.Context(), "contoso", contoso[2].Revision, 100)
			sqlstoretest.NoErr(t, "ListEvents", err)
			wantEvents(t, "events before the third", got, newestFirst(contoso[:2]))

			got, err = s.ListEvents(t.Context(), "contoso", contoso[0].Revision, 100)
			sqlstoretest.NoErr(t, "ListEvents", err)
			wantEvents(t, "events before the first", got, nil)

			got, err = s.ListEvents(t.Context(), "northwind", 0, 100)
			sqlstoretest.NoErr(t, "ListEvents", err)
			wantEvents(t, "events of a tenant without any", got, nil)
		}},
		{Name: "EveryEnumValue", Check: func(t *testing.T, s store.Store) {
			// Every value of every enum is kept as it is, not squeezed or
			// shifted: kinds and reasons in turn, with both directions
			// before and after.
			reasons := slices.Sorted(maps.Keys(consentv1.ConsentEvent_Reason_name))
			kinds := slices.Sorted(maps.Keys(consentv1.ConsentEvent_Kind_name))
			directions := slices.Sorted(maps.Keys(typev1.ConsentDirection_name))
			var want []*consentv1.ConsentEvent
			for i, reason := range reasons {
				e := event("contoso", "alice", consentv1.ConsentEvent_Kind(kinds[i%len(kinds)]), i)
				e.Reason = consentv1.ConsentEvent_Reason(reason)
				e.Direction = typev1.ConsentDirection(directions[i%len(directions)])
				e.PreviousDirection = typev1.ConsentDirection(directions[(i+1)%len(directions)])
				want = append(want, e)
			}
			appendEvents(t, s, want...)
			got, err := s.Events(t.Context(), 0, "contoso", 100)
			sqlstoretest.NoErr(t, "Events", err)
			wantEvents(t, "events of every kind, reason and direction", got, want)
		}},
	}
}
