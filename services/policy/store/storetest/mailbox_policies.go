package storetest

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/proto"
)

func mailboxPolicy(id string, contactSync, isDefault bool) *policyv1.MailboxPolicy {
	return &policyv1.MailboxPolicy{
		Id:                         id,
		LinkedinContactSyncEnabled: proto.Bool(contactSync),
		IsDefault:                  isDefault,
		UpdateActor:                "admin@contoso.example",
		UpdateTime:                 at(50),
	}
}

// putMailboxPolicy stores p at revision and returns it as a read should give
// it back.
func putMailboxPolicy(t *testing.T, s store.Store, tenant string, p *policyv1.MailboxPolicy, revision int64) *policyv1.MailboxPolicy {
	t.Helper()
	sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.PutMailboxPolicy(t.Context(), tenant, p, revision) })
	want := proto.Clone(p).(*policyv1.MailboxPolicy)
	want.Etag = etag(revision)
	return want
}

// wantDefault checks that id is the tenant's one default policy.
func wantDefault(t *testing.T, s store.Store, tenant, id string) {
	t.Helper()
	all, err := s.ListMailboxPolicies(t.Context(), tenant, store.Page{Limit: 100})
	sqlstoretest.NoErr(t, "ListMailboxPolicies", err)
	var defaults []string
	for _, p := range all {
		if p.IsDefault {
			defaults = append(defaults, p.Id)
		}
	}
	sqlstoretest.WantSlice(t, tenant+"'s default policies", defaults, []string{id})
	p, err := s.GetMailboxPolicy(t.Context(), tenant, id)
	sqlstoretest.NoErr(t, "GetMailboxPolicy", err)
	sqlstoretest.WantEqual(t, id+" is the default", p.IsDefault, true)
}

func mailboxPolicyCases() []testCase {
	return []testCase{
		{Name: "PutAndGet", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			want := putMailboxPolicy(t, s, "contoso", mailboxPolicy("OwaMailboxPolicy-Default", true, true), 4)
			got, err := s.GetMailboxPolicy(t.Context(), "contoso", "OwaMailboxPolicy-Default")
			sqlstoretest.NoErr(t, "GetMailboxPolicy", err)
			sqlstoretest.WantProto(t, "GetMailboxPolicy", got, want)
			sqlstoretest.WantEqual(t, "etag", got.GetEtag(), "4")

			off := putMailboxPolicy(t, s, "contoso", mailboxPolicy("strict", false, false), 5)
			got, err = s.GetMailboxPolicy(t.Context(), "contoso", "strict")
			sqlstoretest.NoErr(t, "GetMailboxPolicy", err)
			sqlstoretest.WantProto(t, "GetMailboxPolicy with contact sync off", got, off)
			if got.LinkedinContactSyncEnabled == nil {
				t.Error("contact sync switched off reads back unset")
			}
		}},
		{Name: "Update", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("OwaMailboxPolicy-Default", true, true), 1)
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("strict", true, false), 2)
			changed := mailboxPolicy("strict", false, false)
			changed.UpdateActor, changed.UpdateTime = "second", at(51)
			want := putMailboxPolicy(t, s, "contoso", changed, 3)
			got, err := s.GetMailboxPolicy(t.Context(), "contoso", "strict")
			sqlstoretest.NoErr(t, "GetMailboxPolicy", err)
			sqlstoretest.WantProto(t, "GetMailboxPolicy after an update", got, want)
			all, err := s.ListMailboxPolicies(t.Context(), "contoso", store.Page{Limit: 100})
			sqlstoretest.NoErr(t, "ListMailboxPolicies", err)
			sqlstoretest.WantSlice(t, "policies after an update", ids(all), []string{"OwaMailboxPolicy-Default", "strict"})
			wantDefault(t, s, "contoso", "OwaMailboxPolicy-Default")
		}},
		{Name: "ListPages", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			for i, id := range []string{"strict", "a.b", "Relaxed", "OwaMailboxPolicy-Default", "a_b"} {
				putMailboxPolicy(t, s, "contoso", mailboxPolicy(id, true, i == 3), int64(i+1))
			}
			putMailboxPolicy(t, s, "fabrikam", mailboxPolicy("Aaa", true, true), 9)
			all, err := s.ListMailboxPolicies(t.Context(), "contoso", store.Page{Limit: 100})
			sqlstoretest.NoErr(t, "ListMailboxPolicies", err)
			// Bytewise: capitals sort before lower case.
			sqlstoretest.WantSlice(t, "ListMailboxPolicies", ids(all), []string{"OwaMailboxPolicy-Default", "Relaxed", "a.b", "a_b", "strict"})
			first, err := s.ListMailboxPolicies(t.Context(), "contoso", store.Page{Limit: 2})
			sqlstoretest.NoErr(t, "ListMailboxPolicies", err)
			sqlstoretest.WantSlice(t, "first page", ids(first), []string{"OwaMailboxPolicy-Default", "Relaxed"})
			next, err := s.ListMailboxPolicies(t.Context(), "contoso", store.Page{After: "Relaxed", Limit: 2})
			sqlstoretest.NoErr(t, "ListMailboxPolicies", err)
			sqlstoretest.WantSlice(t, "second page", ids(next), []string{"a.b", "a_b"})
		}},
		{Name: "OneDefault", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("OwaMailboxPolicy-Default", true, true), 1)
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("strict", false, false), 2)
			putMailboxPolicy(t, s, "fabrikam", mailboxPolicy("OwaMailboxPolicy-Default", true, true), 3)
			wantDefault(t, s, "contoso", "OwaMailboxPolicy-Default")

			// Making strict the default moves the default there.
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("strict", false, true), 4)
			wantDefault(t, s, "contoso", "strict")
			// A new policy created as the default takes it over.
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("new", true, true), 5)
			wantDefault(t, s, "contoso", "new")
			// Putting the default again keeps it.
			want := putMailboxPolicy(t, s, "contoso", mailboxPolicy("new", false, true), 6)
			wantDefault(t, s, "contoso", "new")
			got, err := s.GetMailboxPolicy(t.Context(), "contoso", "new")
			sqlstoretest.NoErr(t, "GetMailboxPolicy", err)
			sqlstoretest.WantProto(t, "the default after putting it again", got, want)
			// Another tenant's default is its own.
			wantDefault(t, s, "fabrikam", "OwaMailboxPolicy-Default")
		}},
		{Name: "DeleteResetsUsers", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("OwaMailboxPolicy-Default", true, true), 1)
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("strict", false, false), 2)
			putMailboxPolicy(t, s, "contoso", mailboxPolicy("relaxed", true, false), 3)
			putMailboxPolicy(t, s, "fabrikam", mailboxPolicy("strict", false, false), 4)
			assigned := func(id, policy string) *policyv1.User {
				u := user(id)
				u.MailboxPolicy = policy
				return u
			}
			createUsers(t, s, "contoso", assigned("alice", "strict"), assigned("bob", "strict"),
				assigned("carol", "relaxed"), assigned("dave", ""))
			createUsers(t, s, "fabrikam", assigned("alice", "strict"))

			onStrict, err := s.UsersOnPolicy(t.Context(), "contoso", "strict")
			sqlstoretest.NoErr(t, "UsersOnPolicy", err)
			if len(onStrict) != 2 || onStrict[0].Id != "alice" || onStrict[1].Id != "bob" {
				t.Fatalf("UsersOnPolicy = %v, want alice and bob", onStrict)
			}
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.DeleteMailboxPolicy(t.Context(), "contoso", "strict") })

			_, err = s.GetMailboxPolicy(t.Context(), "contoso", "strict")
			sqlstoretest.WantErr(t, "GetMailboxPolicy after DeleteMailboxPolicy", err, store.ErrNotFound)
			for _, c := range []struct{ tenant, user, policy string }{
				{"contoso", "alice", ""},
				{"contoso", "bob", ""},
				{"contoso", "carol", "relaxed"},
				{"contoso", "dave", ""},
				{"fabrikam", "alice", "strict"},
			} {
				u, err := s.GetUser(t.Context(), c.tenant, c.user)
				sqlstoretest.NoErr(t, "GetUser", err)
				sqlstoretest.WantEqual(t, "policy of "+c.tenant+"/"+c.user, u.GetMailboxPolicy(), c.policy)
			}
			_, err = s.GetMailboxPolicy(t.Context(), "fabrikam", "strict")
			sqlstoretest.NoErr(t, "GetMailboxPolicy of the other tenant's policy", err)

			err = sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.DeleteMailboxPolicy(t.Context(), "contoso", "strict") })
			sqlstoretest.WantErr(t, "DeleteMailboxPolicy twice", err, store.ErrNotFound)
		}},
		{Name: "Missing", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			putMailboxPolicy(t, s, "fabrikam", mailboxPolicy("strict", false, true), 1)
			_, err := s.GetMailboxPolicy(t.Context(), "contoso", "strict")
			sqlstoretest.WantErr(t, "GetMailboxPolicy of a missing policy", err, store.ErrNotFound)
		}},
	}
}
