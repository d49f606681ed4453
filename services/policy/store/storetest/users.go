package storetest

import (
	"strconv"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/proto"
)

// user is a user with every profile field set.
func user(id string) *policyv1.User {
	return &policyv1.User{
		Id:          id,
		Email:       id + "@contoso.example",
		DisplayName: "User " + id,
		GivenName:   "Given " + id,
		Surname:     "Surname " + id,
		JobTitle:    "Engineer",
		Department:  "R&D",
		Office:      "Building 1",
		Phones: []*policyv1.PhoneNumber{
			{Type: policyv1.PhoneNumber_BUSINESS, Number: "+1 555 0100"},
			{Type: policyv1.PhoneNumber_MOBILE, Number: "+1 555 0101"},
		},
		Manager:    "boss",
		CreateTime: at(10),
		UpdateTime: at(11),
		Etag:       "11",
	}
}

// revisionOf is the revision a fixture is written at: the one its etag
// names, so what is read back equals what was written.
func revisionOf(m interface{ GetEtag() string }) int64 {
	n, err := strconv.ParseInt(m.GetEtag(), 10, 64)
	if err != nil {
		panic("fixture without a decimal etag: " + m.GetEtag())
	}
	return n
}

func createUsers(t *testing.T, s store.Store, tenant string, users ...*policyv1.User) {
	t.Helper()
	sqlstoretest.Write(t, s, func(tx store.Tx) error {
		for _, u := range users {
			if err := tx.CreateUser(t.Context(), tenant, u, revisionOf(u)); err != nil {
				return err
			}
		}
		return nil
	})
}

func userCases() []testCase {
	return []testCase{
		{Name: "CreateAndGet", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			want := user("alice")
			want.MailboxPolicy = "strict"
			createUsers(t, s, "contoso", want)
			got, err := s.GetUser(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetUser", err)
			sqlstoretest.WantProto(t, "GetUser", got, want)
		}},
		{Name: "ReadYourWritesInTx", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			var got *policyv1.User
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				if err := tx.CreateUser(t.Context(), "contoso", user("alice"), revisionOf(user("alice"))); err != nil {
					return err
				}
				var err error
				got, err = tx.GetUser(t.Context(), "contoso", "alice")
				return err
			})
			sqlstoretest.WantProto(t, "GetUser in the same transaction", got, user("alice"))
		}},
		{Name: "Missing", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createUsers(t, s, "fabrikam", user("alice"))
			_, err := s.GetUser(t.Context(), "contoso", "bob")
			sqlstoretest.WantErr(t, "GetUser of a missing user", err, store.ErrNotFound)
			_, err = s.GetUser(t.Context(), "contoso", "alice")
			sqlstoretest.WantErr(t, "GetUser of another tenant's user", err, store.ErrNotFound)
		}},
		{Name: "ByEmailAndReports", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			alice, carol := user("alice"), user("carol")
			alice.Manager, carol.Manager = "", "alice"
			createUsers(t, s, "contoso", alice, user("bob"), carol)
			createUsers(t, s, "fabrikam", user("dave"))
			got, err := s.UserByEmail(t.Context(), "contoso", "ALICE@Contoso.Example")
			sqlstoretest.NoErr(t, "UserByEmail in another case", err)
			sqlstoretest.WantProto(t, "UserByEmail", got, alice)
			_, err = s.UserByEmail(t.Context(), "contoso", "dave@contoso.example")
			sqlstoretest.WantErr(t, "UserByEmail of another tenant's user", err, store.ErrNotFound)
			for manager, want := range map[string]int{"alice": 1, "boss": 1, "carol": 0} {
				n, err := s.CountReports(t.Context(), "contoso", manager)
				sqlstoretest.NoErr(t, "CountReports", err)
				if n != want {
					t.Errorf("CountReports(%s) = %d, want %d", manager, n, want)
				}
			}
		}},
		{Name: "ListPages", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			// Created out of order, with the separators an id may hold: the
			// list is ordered bytewise by id whatever the database's
			// collation.
			for _, id := range []string{"carol", "a_b", "alice", "a-c", "bob", "a.b", "a1", "dave", "ab"} {
				createUsers(t, s, "contoso", user(id))
			}
			createUsers(t, s, "fabrikam", user("aaron"), user("zoe"))

			all, err := s.ListUsers(t.Context(), "contoso", store.Page{Limit: 100})
			sqlstoretest.NoErr(t, "ListUsers", err)
			sqlstoretest.WantSlice(t, "ListUsers", ids(all), []string{"a-c", "a.b", "a1", "a_b", "ab", "alice", "bob", "carol", "dave"})
			if len(all) > 0 {
				sqlstoretest.WantProto(t, "listed user", all[0], user("a-c"))
			}

			var paged []string
			page := store.Page{Limit: 4}
			for range 10 {
				users, err := s.ListUsers(t.Context(), "contoso", page)
				sqlstoretest.NoErr(t, "ListUsers", err)
				if len(users) > page.Limit {
					t.Fatalf("ListUsers with limit %d returned %d users", page.Limit, len(users))
				}
				if len(users) == 0 {
					break
				}
				paged = append(paged, ids(users)...)
				page.After = users[len(users)-1].Id
			}
			sqlstoretest.WantSlice(t, "ListUsers page by page", paged, ids(all))

			rest, err := s.ListUsers(t.Context(), "contoso", store.Page{After: "b", Limit: 100})
			sqlstoretest.NoErr(t, "ListUsers after b", err)
			sqlstoretest.WantSlice(t, "ListUsers after an id that does not exist", ids(rest), []string{"bob", "carol", "dave"})
		}},
		{Name: "Search", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			zoe := user("zoe")
			zoe.DisplayName, zoe.GivenName, zoe.Surname = "Zoë Ørsted", "Zoë", "Ørsted"
			percent := user("pct")
			percent.DisplayName = "100% Sales_Team"
			createUsers(t, s, "contoso", user("alice"), user("bob"), zoe, percent)
			createUsers(t, s, "fabrikam", user("alicia"))
			search := func(query string) []string {
				t.Helper()
				got, err := s.ListUsers(t.Context(), "contoso", store.Page{Limit: 100, Query: query})
				sqlstoretest.NoErr(t, "ListUsers with query "+query, err)
				return ids(got)
			}
			sqlstoretest.WantSlice(t, "id prefix, other tenants left out", search("ali"), []string{"alice"})
			sqlstoretest.WantSlice(t, "email in another case", search("BOB@CONTOSO"), []string{"bob"})
			sqlstoretest.WantSlice(t, "display name in another case, beyond ASCII", search("ØRSTED"), []string{"zoe"})
			sqlstoretest.WantSlice(t, "given name", search("zoë"), []string{"zoe"})
			sqlstoretest.WantSlice(t, "% is a character, not a wildcard", search("0% s"), []string{"pct"})
			sqlstoretest.WantSlice(t, "_ is a character, not a wildcard", search("l_s"), []string{})
			sqlstoretest.WantSlice(t, "_ matched as itself", search("sales_"), []string{"pct"})
			sqlstoretest.WantSlice(t, "no match", search("nobody"), []string{})
			sqlstoretest.WantSlice(t, "every user", search(""), []string{"alice", "bob", "pct", "zoe"})
			page, err := s.ListUsers(t.Context(), "contoso", store.Page{Limit: 1, After: "alice", Query: "contoso.example"})
			sqlstoretest.NoErr(t, "ListUsers with query and page", err)
			sqlstoretest.WantSlice(t, "a page of matches", ids(page), []string{"bob"})

			renamed := user("bob")
			renamed.DisplayName = "Robert"
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.UpdateUser(t.Context(), "contoso", renamed, revisionOf(renamed)) })
			sqlstoretest.WantSlice(t, "the new name after an update", search("robert"), []string{"bob"})
			sqlstoretest.WantSlice(t, "not the old one", search("user bob"), []string{})
		}},
		{Name: "Update", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createUsers(t, s, "contoso", user("alice"))
			want := user("alice")
			want.Email = "alice.new@contoso.example"
			want.JobTitle = "Director"
			want.Office = ""
			want.Phones = []*policyv1.PhoneNumber{{Type: policyv1.PhoneNumber_HOME, Number: "+49 30 1234"}}
			want.MailboxPolicy = "strict"
			want.UpdateTime, want.Etag = at(99), "99"
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.UpdateUser(t.Context(), "contoso", want, revisionOf(want)) })
			got, err := s.GetUser(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetUser", err)
			sqlstoretest.WantProto(t, "GetUser after UpdateUser", got, want)

			// Back to no phones and the default policy.
			want = proto.Clone(want).(*policyv1.User)
			want.Phones, want.MailboxPolicy = nil, ""
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.UpdateUser(t.Context(), "contoso", want, revisionOf(want)) })
			got, err = s.GetUser(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetUser", err)
			sqlstoretest.WantProto(t, "GetUser after clearing phones and policy", got, want)
		}},
		{Name: "UpdateKeepsCreateTime", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createUsers(t, s, "contoso", user("alice"))
			changed := user("alice")
			changed.CreateTime, changed.UpdateTime = at(500), at(501)
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.UpdateUser(t.Context(), "contoso", changed, revisionOf(changed)) })
			got, err := s.GetUser(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetUser", err)
			sqlstoretest.WantProto(t, "create time after an update", got.CreateTime, at(10))
			sqlstoretest.WantProto(t, "update time after an update", got.UpdateTime, at(501))
		}},
		{Name: "UpdateMissing", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
				return tx.UpdateUser(t.Context(), "contoso", user("ghost"), revisionOf(user("ghost")))
			})
			sqlstoretest.WantErr(t, "UpdateUser of a missing user", err, store.ErrNotFound)
		}},
		{Name: "UpdateToTakenEmail", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createUsers(t, s, "contoso", user("alice"), user("bob"))
			bob := user("bob")
			bob.Email = user("alice").Email
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.UpdateUser(t.Context(), "contoso", bob, revisionOf(bob)) })
			sqlstoretest.WantErr(t, "UpdateUser to another user's email", err, store.ErrAlreadyExists)
			got, err := s.GetUser(t.Context(), "contoso", "bob")
			sqlstoretest.NoErr(t, "GetUser", err)
			sqlstoretest.WantEqual(t, "email after the refused update", got.Email, user("bob").Email)
		}},
		{Name: "DuplicateID", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createUsers(t, s, "contoso", user("alice"))
			again := user("alice")
			again.Email = "other@contoso.example"
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.CreateUser(t.Context(), "contoso", again, revisionOf(again)) })
			sqlstoretest.WantErr(t, "CreateUser with a taken id", err, store.ErrAlreadyExists)
		}},
		{Name: "DuplicateEmail", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createUsers(t, s, "contoso", user("alice"))
			other := user("alice2")
			other.Email = user("alice").Email
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.CreateUser(t.Context(), "contoso", other, revisionOf(other)) })
			sqlstoretest.WantErr(t, "CreateUser with a taken email", err, store.ErrAlreadyExists)
			_, err = s.GetUser(t.Context(), "contoso", "alice2")
			sqlstoretest.WantErr(t, "GetUser of the refused user", err, store.ErrNotFound)
		}},
		{Name: "DuplicateEmailInOtherCase", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createUsers(t, s, "contoso", user("alice"))
			other := user("alice2")
			other.Email = "ALICE@Contoso.Example"
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.CreateUser(t.Context(), "contoso", other, revisionOf(other)) })
			sqlstoretest.WantErr(t, "CreateUser with a taken email in other case", err, store.ErrAlreadyExists)
		}},
		{Name: "Reports", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			boss, carol, bob, loner := user("boss"), user("carol"), user("bob"), user("loner")
			boss.Manager, loner.Manager = "", "someone-else"
			createUsers(t, s, "contoso", boss, carol, bob, loner)
			createUsers(t, s, "fabrikam", user("zed")) // managed by a "boss" of another tenant
			reports, err := s.Reports(t.Context(), "contoso", "boss")
			sqlstoretest.NoErr(t, "Reports", err)
			if len(reports) != 2 || reports[0].Id != "bob" || reports[1].Id != "carol" || reports[0].Manager != "boss" {
				t.Fatalf("Reports = %v, want bob and carol in id order", reports)
			}
			none, err := s.Reports(t.Context(), "contoso", "carol")
			sqlstoretest.NoErr(t, "Reports", err)
			if len(none) != 0 {
				t.Fatalf("carol manages nobody, got %v", none)
			}
		}},
		{Name: "SameIDInAnotherTenant", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createUsers(t, s, "contoso", user("alice"))
			theirs := user("alice")
			theirs.JobTitle = "Fabrikam's Alice"
			createUsers(t, s, "fabrikam", theirs)
			got, err := s.GetUser(t.Context(), "fabrikam", "alice")
			sqlstoretest.NoErr(t, "GetUser", err)
			sqlstoretest.WantProto(t, "the other tenant's user", got, theirs)
			got, err = s.GetUser(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetUser", err)
			sqlstoretest.WantProto(t, "the first tenant's user", got, user("alice"))
		}},
		{Name: "Delete", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createUsers(t, s, "contoso", user("alice"), user("bob"))
			createUsers(t, s, "fabrikam", user("alice"))
			createGroups(t, s, "contoso", group("pilot"), group("sales"))
			createGroups(t, s, "fabrikam", group("pilot"))
			addMembers(t, s, "contoso", "pilot", "users/alice", "users/bob")
			addMembers(t, s, "contoso", "sales", "users/alice")
			addMembers(t, s, "fabrikam", "pilot", "users/alice")

			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.DeleteUser(t.Context(), "contoso", "alice") })

			_, err := s.GetUser(t.Context(), "contoso", "alice")
			sqlstoretest.WantErr(t, "GetUser after DeleteUser", err, store.ErrNotFound)
			wantMembers(t, s, "contoso", "pilot", "users/bob")
			wantMembers(t, s, "contoso", "sales")
			// The other tenant's alice is someone else.
			_, err = s.GetUser(t.Context(), "fabrikam", "alice")
			sqlstoretest.NoErr(t, "GetUser of the other tenant's alice", err)
			wantMembers(t, s, "fabrikam", "pilot", "users/alice")
		}},
		{Name: "DeleteMissing", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createUsers(t, s, "fabrikam", user("alice"))
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.DeleteUser(t.Context(), "contoso", "alice") })
			sqlstoretest.WantErr(t, "DeleteUser of a missing user", err, store.ErrNotFound)
			_, err = s.GetUser(t.Context(), "fabrikam", "alice")
			sqlstoretest.NoErr(t, "GetUser of the other tenant's alice", err)
		}},
	}
}
