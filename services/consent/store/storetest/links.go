package storetest

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// link is user's both-ways link to member with every field set.
func link(tenant, user, member string) *store.Link {
	return &store.Link{
		Tenant:            tenant,
		User:              user,
		MemberID:          member,
		Direction:         typev1.ConsentDirection_BIDIRECTIONAL,
		Scopes:            []string{"openid", "profile", "email", "w_member_social"},
		AccessToken:       []byte("sealed-access-" + tenant + "-" + user),
		RefreshToken:      []byte("sealed-refresh-" + tenant + "-" + user),
		TokenExpiry:       at(3600),
		EverBidirectional: true,
		ConnectTime:       at(10),
		UpdateTime:        at(11),
		Revision:          7,
	}
}

// putLinks stores links in one transaction.
func putLinks(t *testing.T, s store.Store, links ...*store.Link) {
	t.Helper()
	sqlstoretest.Write(t, s, func(tx store.Tx) error {
		for _, l := range links {
			if err := tx.PutLink(t.Context(), l); err != nil {
				return err
			}
		}
		return nil
	})
}

// wantLink fails the test unless got holds what want holds. Absent tokens
// compare equal whether nil or empty; tokenCases pins down which.
func wantLink(t *testing.T, what string, got, want *store.Link) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: got no link, want %+v", what, want)
		return
	}
	sqlstoretest.WantEqual(t, what+": tenant", got.Tenant, want.Tenant)
	sqlstoretest.WantEqual(t, what+": user", got.User, want.User)
	sqlstoretest.WantEqual(t, what+": member id", got.MemberID, want.MemberID)
	sqlstoretest.WantEqual(t, what+": direction", got.Direction, want.Direction)
	sqlstoretest.WantSlice(t, what+": scopes", got.Scopes, want.Scopes)
	if !bytes.Equal(got.AccessToken, want.AccessToken) {
		t.Errorf("%s: access token: got %x, want %x", what, got.AccessToken, want.AccessToken)
	}
	if !bytes.Equal(got.RefreshToken, want.RefreshToken) {
		t.Errorf("%s: refresh token: got %x, want %x", what, got.RefreshToken, want.RefreshToken)
	}
	wantTime(t, what+": token expiry", got.TokenExpiry, want.TokenExpiry)
	sqlstoretest.WantEqual(t, what+": ever bidirectional", got.EverBidirectional, want.EverBidirectional)
	wantTime(t, what+": connect time", got.ConnectTime, want.ConnectTime)
	wantTime(t, what+": update time", got.UpdateTime, want.UpdateTime)
	sqlstoretest.WantEqual(t, what+": revision", got.Revision, want.Revision)
}

// users lists the user ids of links, in the order given.
func users(links []*store.Link) []string {
	out := make([]string, len(links))
	for i, l := range links {
		out[i] = l.User
	}
	return out
}

func linkCases() []testCase {
	return []testCase{
		{Name: "PutAndGet", Check: func(t *testing.T, s store.Store) {
			want := link("contoso", "alice", "m-alice")
			putLinks(t, s, want)
			got, err := s.GetLink(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetLink", err)
			wantLink(t, "GetLink", got, want)
			got, err = s.GetLinkByMember(t.Context(), "contoso", "m-alice")
			sqlstoretest.NoErr(t, "GetLinkByMember", err)
			wantLink(t, "GetLinkByMember", got, want)
		}},
		{Name: "ReadYourWritesInTx", Check: func(t *testing.T, s store.Store) {
			want := link("contoso", "alice", "m-alice")
			var byUser, byMember *store.Link
			var listed []*store.Link
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				if err := tx.PutLink(t.Context(), want); err != nil {
					return err
				}
				var err error
				if byUser, err = tx.GetLink(t.Context(), "contoso", "alice"); err != nil {
					return err
				}
				if byMember, err = tx.GetLinkByMember(t.Context(), "contoso", "m-alice"); err != nil {
					return err
				}
				listed, err = tx.ListLinks(t.Context(), "contoso", store.Page{Limit: 10})
				return err
			})
			wantLink(t, "GetLink in the same transaction", byUser, want)
			wantLink(t, "GetLinkByMember in the same transaction", byMember, want)
			sqlstoretest.WantSlice(t, "ListLinks in the same transaction", users(listed), []string{"alice"})
		}},
		{Name: "Missing", Check: func(t *testing.T, s store.Store) {
			putLinks(t, s, link("fabrikam", "alice", "m-alice"))
			_, err := s.GetLink(t.Context(), "contoso", "bob")
			sqlstoretest.WantErr(t, "GetLink of a user never connected", err, store.ErrNotFound)
			_, err = s.GetLink(t.Context(), "contoso", "alice")
			sqlstoretest.WantErr(t, "GetLink of another tenant's user", err, store.ErrNotFound)
			_, err = s.GetLinkByMember(t.Context(), "contoso", "m-nobody")
			sqlstoretest.WantErr(t, "GetLinkByMember of a member never linked", err, store.ErrNotFound)
			_, err = s.GetLinkByMember(t.Context(), "contoso", "m-alice")
			sqlstoretest.WantErr(t, "GetLinkByMember of a member linked in another tenant", err, store.ErrNotFound)
		}},
		{Name: "Replace", Check: func(t *testing.T, s store.Store) {
			putLinks(t, s, link("contoso", "alice", "m-alice"))
			// Every field changes, the member too (alice reconnected with
			// another LinkedIn account).
			want := &store.Link{
				Tenant:       "contoso",
				User:         "alice",
				MemberID:     "m-alice-2",
				Direction:    typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION,
				Scopes:       []string{"profile"},
				AccessToken:  []byte("new-access"),
				RefreshToken: []byte("new-refresh"),
				TokenExpiry:  at(7200),
				ConnectTime:  at(100),
				UpdateTime:   at(101),
				Revision:     42,
			}
			putLinks(t, s, want)
			got, err := s.GetLink(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetLink", err)
			wantLink(t, "GetLink after replacing", got, want)
			got, err = s.GetLinkByMember(t.Context(), "contoso", "m-alice-2")
			sqlstoretest.NoErr(t, "GetLinkByMember of the new member", err)
			wantLink(t, "GetLinkByMember of the new member", got, want)
			_, err = s.GetLinkByMember(t.Context(), "contoso", "m-alice")
			sqlstoretest.WantErr(t, "GetLinkByMember of the member replaced", err, store.ErrNotFound)
			all, err := s.ListLinks(t.Context(), "contoso", store.Page{Limit: 10})
			sqlstoretest.NoErr(t, "ListLinks", err)
			sqlstoretest.WantSlice(t, "ListLinks after replacing", users(all), []string{"alice"})
		}},
		{Name: "Delete", Check: func(t *testing.T, s store.Store) {
			putLinks(t, s, link("contoso", "alice", "m-alice"), link("contoso", "bob", "m-bob"),
				link("fabrikam", "alice", "m-alice"))
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.DeleteLink(t.Context(), "contoso", "alice") })
			_, err := s.GetLink(t.Context(), "contoso", "alice")
			sqlstoretest.WantErr(t, "GetLink after DeleteLink", err, store.ErrNotFound)
			_, err = s.GetLinkByMember(t.Context(), "contoso", "m-alice")
			sqlstoretest.WantErr(t, "GetLinkByMember after DeleteLink", err, store.ErrNotFound)
			got, err := s.GetLink(t.Context(), "contoso", "bob")
			sqlstoretest.NoErr(t, "GetLink of another user", err)
			wantLink(t, "another user's link", got, link("contoso", "bob", "m-bob"))
			got, err = s.GetLink(t.Context(), "fabrikam", "alice")
			sqlstoretest.NoErr(t, "GetLink of the other tenant's alice", err)
			wantLink(t, "the other tenant's alice", got, link("fabrikam", "alice", "m-alice"))

			// The member is free again.
			putLinks(t, s, link("contoso", "carol", "m-alice"))
			got, err = s.GetLinkByMember(t.Context(), "contoso", "m-alice")
			sqlstoretest.NoErr(t, "GetLinkByMember after relinking", err)
			sqlstoretest.WantEqual(t, "user linked to the freed member", got.User, "carol")
		}},
		{Name: "DeleteMissing", Check: func(t *testing.T, s store.Store) {
			putLinks(t, s, link("fabrikam", "alice", "m-alice"))
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.DeleteLink(t.Context(), "contoso", "alice") })
			sqlstoretest.WantErr(t, "DeleteLink of a user never connected", err, store.ErrNotFound)
			_, err = s.GetLink(t.Context(), "fabrikam", "alice")
			sqlstoretest.NoErr(t, "GetLink of the other tenant's alice", err)
		}},
		{Name: "MemberLinksOneUserPerTenant", Check: func(t *testing.T, s store.Store) {
			alice := link("contoso", "alice", "m-shared")
			putLinks(t, s, alice)
			bob := link("contoso", "bob", "m-shared")
			bob.AccessToken = []byte("bob's token")
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.PutLink(t.Context(), bob) })
			sqlstoretest.WantErr(t, "PutLink of a member linked to another user", err, store.ErrAlreadyExists)
			_, err = s.GetLink(t.Context(), "contoso", "bob")
			sqlstoretest.WantErr(t, "GetLink of the refused user", err, store.ErrNotFound)
			got, err := s.GetLinkByMember(t.Context(), "contoso", "m-shared")
			sqlstoretest.NoErr(t, "GetLinkByMember", err)
			wantLink(t, "the member's link after the refusal", got, alice)

			// Another tenant's user may link the same member.
			theirs := link("fabrikam", "bob", "m-shared")
			putLinks(t, s, theirs)
			got, err = s.GetLinkByMember(t.Context(), "fabrikam", "m-shared")
			sqlstoretest.NoErr(t, "GetLinkByMember in the other tenant", err)
			wantLink(t, "the other tenant's link to the member", got, theirs)

			// Re-putting alice's own link with the same member is no conflict.
			again := link("contoso", "alice", "m-shared")
			again.Direction, again.Revision = typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION, 8
			putLinks(t, s, again)
			got, err = s.GetLink(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetLink", err)
			wantLink(t, "alice's link updated in place", got, again)
		}},
		{Name: "RefusedMemberLeavesTxUsable", Check: func(t *testing.T, s store.Store) {
			// The conflict is found before any write, so the transaction
			// carries on, on PostgreSQL too, where a failed statement would
			// abort it.
			putLinks(t, s, link("contoso", "alice", "m-shared"))
			bob := link("contoso", "bob", "m-bob")
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				err := tx.PutLink(t.Context(), link("contoso", "bob", "m-shared"))
				sqlstoretest.WantErr(t, "PutLink of a member linked to another user", err, store.ErrAlreadyExists)
				return tx.PutLink(t.Context(), bob)
			})
			got, err := s.GetLink(t.Context(), "contoso", "bob")
			sqlstoretest.NoErr(t, "GetLink", err)
			wantLink(t, "link stored after a refused one in the same transaction", got, bob)
		}},
		{Name: "Scopes", Check: func(t *testing.T, s store.Store) {
			// Not sorted: the order granted is the order kept.
			many := link("contoso", "alice", "m-alice")
			many.Scopes = []string{"w_member_social", "r_liteprofile", "openid", "email", "r_emailaddress", "profile"}
			none := link("contoso", "bob", "m-bob")
			none.Scopes = nil
			empty := link("contoso", "carol", "m-carol")
			empty.Scopes = []string{}
			putLinks(t, s, many, none, empty)
			for _, want := range []*store.Link{many, none, empty} {
				got, err := s.GetLink(t.Context(), "contoso", want.User)
				sqlstoretest.NoErr(t, "GetLink", err)
				sqlstoretest.WantSlice(t, want.User+"'s scopes", got.Scopes, want.Scopes)
			}

			// A scope that could not read back as written is refused.
			for _, bad := range [][]string{{"openid", "r_basic profile"}, {"openid", ""}} {
				l := link("contoso", "dave", "m-dave")
				l.Scopes = bad
				err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.PutLink(t.Context(), l) })
				if err == nil {
					t.Errorf("PutLink with scopes %q succeeded", bad)
				}
				_, err = s.GetLink(t.Context(), "contoso", "dave")
				sqlstoretest.WantErr(t, "GetLink after a refused scope list", err, store.ErrNotFound)
			}
		}},
		{Name: "SealedTokens", Check: tokenCases},
		{Name: "Times", Check: func(t *testing.T, s store.Store) {
			// Microseconds survive, before the epoch too, and an unset
			// expiry reads back unset.
			want := link("contoso", "alice", "m-alice")
			want.TokenExpiry = time.Time{}
			want.ConnectTime = time.Date(1969, 7, 20, 20, 17, 40, 123456000, time.UTC)
			want.UpdateTime = time.Date(2038, 1, 19, 3, 14, 8, 999999000, time.UTC)
			putLinks(t, s, want)
			got, err := s.GetLink(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetLink", err)
			wantLink(t, "link with edge times", got, want)
			if !got.TokenExpiry.IsZero() {
				t.Errorf("unset token expiry read back as %v, want the zero time", got.TokenExpiry)
			}
		}},
		{Name: "ListPages", Check: func(t *testing.T, s store.Store) {
			// Stored out of order, with the separators an id may hold: the
			// list is ordered bytewise by user id whatever the database's
			// collation.
			for i, user := range []string{"carol", "a_b", "alice", "a-c", "bob", "a.b", "a1", "dave", "ab", "Zed"} {
				putLinks(t, s, link("contoso", user, "m-"+strconv.Itoa(i)))
			}
			putLinks(t, s, link("fabrikam", "aaron", "m-0"), link("fabrikam", "zoe", "m-1"))

			all, err := s.ListLinks(t.Context(), "contoso", store.Page{Limit: 100})
			sqlstoretest.NoErr(t, "ListLinks", err)
			sqlstoretest.WantSlice(t, "ListLinks", users(all), []string{"Zed", "a-c", "a.b", "a1", "a_b", "ab", "alice", "bob", "carol", "dave"})
			if len(all) > 2 {
				wantLink(t, "listed link", all[2], link("contoso", "a.b", "m-5"))
			}

			var paged []string
			page := store.Page{Limit: 3}
			for range 10 {
				links, err := s.ListLinks(t.Context(), "contoso", page)
				sqlstoretest.NoErr(t, "ListLinks", err)
				if len(links) > page.Limit {
					t.Fatalf("ListLinks with limit %d returned %d links", page.Limit, len(links))
				}
				if len(links) == 0 {
					break
				}
				paged = append(paged, users(links)...)
				page.After = links[len(links)-1].User
			}
			sqlstoretest.WantSlice(t, "ListLinks page by page", paged, users(all))

			rest, err := s.ListLinks(t.Context(), "contoso", store.Page{After: "b", Limit: 100})
			sqlstoretest.NoErr(t, "ListLinks after b", err)
			sqlstoretest.WantSlice(t, "ListLinks after a user that does not exist", users(rest), []string{"bob", "carol", "dave"})

			theirs, err := s.ListLinks(t.Context(), "fabrikam", store.Page{Limit: 100})
			sqlstoretest.NoErr(t, "ListLinks", err)
			sqlstoretest.WantSlice(t, "the other tenant's links", users(theirs), []string{"aaron", "zoe"})

			none, err := s.ListLinks(t.Context(), "northwind", store.Page{Limit: 100})
			sqlstoretest.NoErr(t, "ListLinks", err)
			sqlstoretest.WantEqual(t, "links of a tenant without any", len(none), 0)
		}},
		{Name: "LinksChangedAfter", Check: func(t *testing.T, s store.Store) {
			// Links written at revisions 5 to 9, out of user order.
			for i, user := range []string{"dave", "alice", "carol", "bob", "erin"} {
				l := link("contoso", user, "m-"+user)
				l.Revision = int64(5 + i)
				putLinks(t, s, l)
			}
			other := link("fabrikam", "zoe", "m-zoe")
			other.Revision = 20
			putLinks(t, s, other)

			changed, err := s.LinksChangedAfter(t.Context(), "contoso", 6)
			sqlstoretest.NoErr(t, "LinksChangedAfter", err)
			sqlstoretest.WantSlice(t, "links written after revision 6", users(changed), []string{"bob", "carol", "erin"})
			none, err := s.LinksChangedAfter(t.Context(), "contoso", 9)
			sqlstoretest.NoErr(t, "LinksChangedAfter", err)
			sqlstoretest.WantEqual(t, "links written after the newest", len(none), 0)
			all, err := s.LinksChangedAfter(t.Context(), "contoso", 0)
			sqlstoretest.NoErr(t, "LinksChangedAfter", err)
			sqlstoretest.WantSlice(t, "links written after 0", users(all), []string{"alice", "bob", "carol", "dave", "erin"})
		}},
	}
}

// tokenCases checks sealed bytes come back byte for byte, and that an
// absent token, nil or empty, reads back as nil.
func tokenCases(t *testing.T, s store.Store) {
	every := make([]byte, 256)
	for i := range every {
		every[i] = byte(i)
	}
	// Not valid UTF-8 and full of NULs: a text column would mangle it.
	withAll := link("contoso", "alice", "m-alice")
	withAll.AccessToken = every
	withAll.RefreshToken = []byte{0, 0, 0xff, 0xfe, 0, '\'', '\\', 0x80}
	noRefresh := link("contoso", "bob", "m-bob")
	noRefresh.RefreshToken = nil
	emptyRefresh := link("contoso", "carol", "m-carol")
	emptyRefresh.AccessToken, emptyRefresh.RefreshToken = []byte{}, []byte{}
	putLinks(t, s, withAll, noRefresh, emptyRefresh)

	got, err := s.GetLink(t.Context(), "contoso", "alice")
	sqlstoretest.NoErr(t, "GetLink", err)
	wantLink(t, "link with binary tokens", got, withAll)

	got, err = s.GetLink(t.Context(), "contoso", "bob")
	sqlstoretest.NoErr(t, "GetLink", err)
	wantLink(t, "link without a refresh token", got, noRefresh)
	if got.RefreshToken != nil {
		t.Errorf("nil refresh token read back as %#v, want nil", got.RefreshToken)
	}

	got, err = s.GetLink(t.Context(), "contoso", "carol")
	sqlstoretest.NoErr(t, "GetLink", err)
	if got.AccessToken != nil || got.RefreshToken != nil {
		t.Errorf("empty tokens read back as %#v and %#v, want nil", got.AccessToken, got.RefreshToken)
	}

	// The bytes read are the caller's: changing them changes nothing stored.
	got, err = s.GetLink(t.Context(), "contoso", "alice")
	sqlstoretest.NoErr(t, "GetLink", err)
	if len(got.AccessToken) > 0 {
		got.AccessToken[0] ^= 0xff
	}
	again, err := s.GetLink(t.Context(), "contoso", "alice")
	sqlstoretest.NoErr(t, "GetLink", err)
	wantLink(t, "link read again after changing a copy", again, withAll)
}
