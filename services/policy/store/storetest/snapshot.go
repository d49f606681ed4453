package storetest

import (
	"maps"
	"slices"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
)

func snapshotCases() []testCase {
	return []testCase{
		{Name: "Everything", Check: func(t *testing.T, s store.Store) {
			tenant := newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")

			var linkedIn *policyv1.LinkedInSettings
			var client *policyv1.ClientPolicy
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				rev, err := record(t, tx, "contoso", "tenants/contoso/linkedInSettings")
				if err != nil {
					return err
				}
				linkedIn = &policyv1.LinkedInSettings{
					Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "pilot",
					MaxConsentDirection: typev1.ConsentDirection_BIDIRECTIONAL, UpdateActor: "admin", UpdateTime: at(1),
				}
				if err := tx.PutLinkedInSettings(t.Context(), "contoso", linkedIn, rev); err != nil {
					return err
				}
				linkedIn.Etag = etag(rev)
				client = &policyv1.ClientPolicy{
					Setting: policyv1.ClientPolicy_ENABLED,
					GroupOverrides: []*policyv1.ClientPolicy_GroupOverride{
						override("vip", policyv1.ClientPolicy_DISABLED),
						override("pilot", policyv1.ClientPolicy_NOT_CONFIGURED),
					},
					UpdateActor: "admin", UpdateTime: at(2),
				}
				if err := tx.PutClientPolicy(t.Context(), "contoso", client, rev); err != nil {
					return err
				}
				client.Etag = etag(rev)
				return nil
			})
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("OwaMailboxPolicy-Default", true, true), 1)
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("strict", false, false), 2)
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("open", true, false), 3)
			alice, bob := user("alice"), user("bob")
			alice.MailboxPolicy = "strict"
			createUsers(t, s, "contoso", alice, bob, user("carol"))
			createGroups(t, s, "contoso", group("all"), group("pilot"), group("vip"), group("empty"))
			addMembers(t, s, "contoso", "all", "groups/pilot", "users/carol", "groups/vip")
			addMembers(t, s, "contoso", "pilot", "users/alice", "users/bob")
			addMembers(t, s, "contoso", "vip", "users/carol")

			// Another tenant's data must stay out, and its later change
			// still moves the revision.
			putMailboxPolicy(t, s, "fabrikam", mailboxPolicy("OwaMailboxPolicy-Default", false, true), 4)
			createUsers(t, s, "fabrikam", user("dave"))
			createGroups(t, s, "fabrikam", group("pilot"), group("other"))
			addMembers(t, s, "fabrikam", "pilot", "users/dave")
			addMembers(t, s, "fabrikam", "other", "users/dave")
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				_, err := record(t, tx, "fabrikam", "tenants/fabrikam/users/dave")
				return err
			})
			head, err := s.Log().Head(t.Context())
			sqlstoretest.NoErr(t, "Head", err)

			snap, err := s.Snapshot(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "Snapshot", err)
			sqlstoretest.WantEqual(t, "revision", snap.Revision, head)
			sqlstoretest.WantProto(t, "tenant", snap.Tenant, tenant)
			sqlstoretest.WantProto(t, "LinkedIn settings", snap.LinkedIn, linkedIn)
			sqlstoretest.WantProto(t, "client policy", snap.Client, client)
			wantMap(t, "contact sync", snap.ContactSync, map[string]bool{
				"OwaMailboxPolicy-Default": true, "strict": false, "open": true,
			})
			sqlstoretest.WantEqual(t, "default mailbox policy", snap.DefaultMailboxPolicy, "OwaMailboxPolicy-Default")
			wantMap(t, "users' mailbox policies", snap.UserMailboxPolicy, map[string]string{
				"alice": "strict", "bob": "", "carol": "",
			})

			members := map[string][]string{}
			for g, ms := range snap.Members {
				for _, m := range ms {
					members[g] = append(members[g], m.String())
				}
				slices.Sort(members[g])
			}
			if len(snap.Members["empty"]) != 0 {
				t.Errorf("members of an empty group: %v", snap.Members["empty"])
			}
			delete(members, "empty")
			want := map[string][]string{
				"all":   {"groups/pilot", "groups/vip", "users/carol"},
				"pilot": {"users/alice", "users/bob"},
				"vip":   {"users/carol"},
			}
			if !maps.EqualFunc(members, want, slices.Equal) {
				t.Errorf("direct members: got %v, want %v", members, want)
			}
		}},
		{Name: "MovesWithChanges", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			putLinkedIn(t, s, "contoso", &policyv1.LinkedInSettings{UpdateTime: at(1)}, 1)
			putClientPolicy(t, s, "contoso", &policyv1.ClientPolicy{Setting: policyv1.ClientPolicy_ENABLED, UpdateTime: at(1)}, 1)
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("OwaMailboxPolicy-Default", true, true), 1)
			before, err := s.Snapshot(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "Snapshot", err)
			sqlstoretest.WantEqual(t, "revision of a log without changes", before.Revision, 0)
			sqlstoretest.WantEqual(t, "users before any", len(before.UserMailboxPolicy), 0)

			var rev int64
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				var err error
				if rev, err = record(t, tx, "contoso", "tenants/contoso/mailboxPolicies/strict"); err != nil {
					return err
				}
				if err := tx.PutMailboxPolicy(t.Context(), "contoso", mailboxPolicy("strict", false, true), rev); err != nil {
					return err
				}
				u := user("alice")
				u.MailboxPolicy = "strict"
				return tx.CreateUser(t.Context(), "contoso", u, revisionOf(u))
			})
			after, err := s.Snapshot(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "Snapshot", err)
			sqlstoretest.WantEqual(t, "revision after a change", after.Revision, rev)
			sqlstoretest.WantEqual(t, "default after moving it", after.DefaultMailboxPolicy, "strict")
			wantMap(t, "users after a change", after.UserMailboxPolicy, map[string]string{"alice": "strict"})
		}},
		{Name: "MissingTenant", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			_, err := s.Snapshot(t.Context(), "fabrikam")
			sqlstoretest.WantErr(t, "Snapshot of a missing tenant", err, store.ErrNotFound)
		}},
	}
}

// wantMap fails the test unless got and want hold the same entries.
func wantMap[V comparable](t *testing.T, what string, got, want map[string]V) {
	t.Helper()
	if !maps.Equal(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}
