package storetest

import (
	"fmt"
	"maps"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// own is a contact of the user's own folder made at n seconds, with the
// given email addresses and phone numbers.
func own(id, etag string, n int, emails, phones []string) *contactsyncv1.Contact {
	c := &contactsyncv1.Contact{
		Id: id, ParentFolderId: store.OwnFolder, GivenName: "Given " + id, Surname: "Surname", DisplayName: "Contact " + id,
		CompanyName: "Fabrikam", JobTitle: "Buyer", Etag: etag,
		CreateTime: timestamppb.New(at(n)), UpdateTime: timestamppb.New(at(n)),
	}
	for _, e := range emails {
		c.EmailAddresses = append(c.EmailAddresses, &contactsyncv1.Email{Type: contactsyncv1.Email_PERSONAL, Address: e})
	}
	for _, p := range phones {
		c.Phones = append(c.Phones, &contactsyncv1.Phone{Type: contactsyncv1.Phone_HOME, Number: p})
	}
	return c
}

// putOwn writes own contacts, one transaction each.
func putOwn(t *testing.T, s *store.SQL, tenant, user string, contacts ...*contactsyncv1.Contact) {
	t.Helper()
	for _, c := range contacts {
		write(t, s, func(tx store.Tx) error { return tx.PutOwnContact(t.Context(), tenant, user, c) })
	}
}

// deleteOwn deletes an own contact in a transaction of its own and returns
// the error.
func deleteOwn(t *testing.T, s *store.SQL, tenant, user, id, etag string, n int) error {
	t.Helper()
	return sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
		return tx.DeleteOwnContact(t.Context(), tenant, user, id, etag, at(n))
	})
}

// wantLinks fails the test unless LinkedContacts maps keys to want.
func wantLinks(t *testing.T, s *store.SQL, what, tenant, user string, keys []string, want map[string]string) {
	t.Helper()
	got, err := s.LinkedContacts(t.Context(), tenant, user, keys)
	sqlstoretest.NoErr(t, "LinkedContacts", err)
	if !maps.Equal(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func ownContactCases() []testCase {
	const (
		email = "e:alice.smith@example.com"
		phone = "p:4255550101"
	)
	return []testCase{
		{Name: "PutAndRead", Check: func(t *testing.T, s *store.SQL) {
			c1 := own("c-1", "e1", 1, []string{"one@example.com"}, []string{"+44 20 7946 0000"})
			c1.PostalAddresses = []*contactsyncv1.PhysicalAddress{{
				Type: contactsyncv1.PhysicalAddress_HOME, Street: "1 Main St", City: "Seattle", State: "WA", PostalCode: "98101", CountryOrRegion: "US",
			}}
			putOwn(t, s, "contoso", "alice", c1)
			// The first contact makes the mailbox, not eligible.
			m := getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "eligible", m.Eligible, false)
			sqlstoretest.WantEqual(t, "seq after one contact", m.Seq, 1)

			v := ownFolder("contoso", "alice")
			got, err := s.Contact(t.Context(), v, "c-1")
			sqlstoretest.NoErr(t, "Contact", err)
			sqlstoretest.WantProto(t, "the contact read back", got, c1)

			// Replaced: one contact still, its new content.
			c1b := own("c-1", "e2", 1, nil, []string{"+44 20 7946 0001"})
			c1b.UpdateTime = timestamppb.New(at(2))
			putOwn(t, s, "contoso", "alice", c1b, own("c-2", "e1", 3, nil, nil))
			wantContacts(t, s, "the own folder", v, c1b, own("c-2", "e1", 3, nil, nil))
			sqlstoretest.WantEqual(t, "seq after three writes", getMailbox(t, s, "contoso", "alice").Seq, 3)
			n, err := s.CountContacts(t.Context(), v)
			sqlstoretest.NoErr(t, "CountContacts", err)
			sqlstoretest.WantEqual(t, "CountContacts", n, 2)
			sqlstoretest.WantSlice(t, "the LinkedIn folder", contactIDs(t, s, linkedIn(t, s, "contoso", "alice")), []string{})
			sqlstoretest.WantSlice(t, "another user's own folder", contactIDs(t, s, ownFolder("contoso", "bob")), []string{})
			_, err = s.Contact(t.Context(), ownFolder("fabrikam", "alice"), "c-1")
			sqlstoretest.WantErr(t, "Contact in another tenant", err, store.ErrNotFound)
		}},
		{Name: "MatchKeysNormalise", Check: func(t *testing.T, s *store.SQL) {
			for _, tc := range []struct {
				emails, phones []string
				want           []string
			}{
				{[]string{" Alice.Smith@Example.COM "}, []string{"+1 425 555 0101"}, []string{email, phone}},
				{[]string{"alice.smith@example.com"}, []string{"(425) 555-0101"}, []string{email, phone}},
				{[]string{"a@x.example", "A@X.example", ""}, []string{"555-0101", "12345", "425.555.0101", "4255550101"},
					[]string{"e:a@x.example", "p:4255550101", "p:5550101"}},
			} {
				got := store.MatchKeys(own("c", "e", 0, tc.emails, tc.phones))
				sqlstoretest.WantSlice(t, fmt.Sprintf("MatchKeys of %q %q", tc.emails, tc.phones), got, tc.want)
			}
		}},
		{Name: "LinkedByNormalisedKeys", Check: func(t *testing.T, s *store.SQL) {
			putOwn(t, s, "contoso", "alice",
				own("c-1", "e1", 1, []string{"Alice.Smith@Example.COM"}, []string{"+1 425 555 0101"}),
				own("c-2", "e1", 1, []string{"shared@example.com"}, []string{"12345"}), // too short to link
				own("c-0", "e1", 1, []string{"SHARED@example.com"}, nil))
			putOwn(t, s, "contoso", "bob", own("c-9", "e1", 1, []string{"bob@example.com"}, nil))
			// A synced contact is no link target.
			allow(t, s, "contoso", "alice", at(1))
			listInFull(t, s, "contoso", "alice", []*contactsyncv1.Contact{member("carol", "v1", 1)})

			// A synced contact's keys, as the service computes them.
			synced := member("m1", "v1", 1)
			synced.EmailAddresses = []*contactsyncv1.Email{{Address: "alice.smith@example.com"}}
			synced.Phones = []*contactsyncv1.Phone{{Number: "(425) 555-0101"}}
			keys := store.MatchKeys(synced)
			sqlstoretest.WantSlice(t, "the synced contact's keys", keys, []string{email, phone})

			wantLinks(t, s, "links of the synced contact's keys", "contoso", "alice", keys,
				map[string]string{email: "c-1", phone: "c-1"})
			wantLinks(t, s, "links of other keys", "contoso", "alice",
				[]string{"e:shared@example.com", "e:nobody@example.com", "p:12345", "e:carol@example.com", "e:bob@example.com"},
				map[string]string{"e:shared@example.com": "c-0"}) // the first by id of two
			wantLinks(t, s, "links of bob's", "contoso", "bob", keys, map[string]string{})
			wantLinks(t, s, "links in another tenant", "fabrikam", "alice", keys, map[string]string{})
			wantLinks(t, s, "links of no keys", "contoso", "alice", nil, map[string]string{})

			// More keys than one query takes.
			many := []string{}
			for i := range 1200 {
				many = append(many, fmt.Sprintf("e:nobody%d@example.com", i))
			}
			many[1100] = phone
			wantLinks(t, s, "links of many keys", "contoso", "alice", many, map[string]string{phone: "c-1"})

			// A contact replaced without its phone no longer holds that key.
			putOwn(t, s, "contoso", "alice", own("c-1", "e2", 1, []string{"alice.smith@example.com"}, nil))
			wantLinks(t, s, "links after the phone went", "contoso", "alice", keys, map[string]string{email: "c-1"})
		}},
		{Name: "DeleteWithStaleEtagDeletesNothing", Check: func(t *testing.T, s *store.SQL) {
			c1 := own("c-1", "e1", 1, []string{"alice.smith@example.com"}, nil)
			putOwn(t, s, "contoso", "alice", c1)
			v := ownFolder("contoso", "alice")

			sqlstoretest.WantErr(t, "DeleteOwnContact with a stale etag", deleteOwn(t, s, "contoso", "alice", "c-1", "e0", 2), store.ErrEtagMismatch)
			got, err := s.Contact(t.Context(), v, "c-1")
			sqlstoretest.NoErr(t, "Contact after a refused delete", err)
			sqlstoretest.WantProto(t, "contact after a refused delete", got, c1)
			wantLinks(t, s, "links after a refused delete", "contoso", "alice", []string{email}, map[string]string{email: "c-1"})
			sqlstoretest.WantEqual(t, "seq after a refused delete", getMailbox(t, s, "contoso", "alice").Seq, 1)
			sqlstoretest.WantSlice(t, "delta after a refused delete", changes(t, s, v, 0, 100), []string{"1 put c-1"})

			sqlstoretest.NoErr(t, "DeleteOwnContact with the current etag", deleteOwn(t, s, "contoso", "alice", "c-1", "e1", 3))
			_, err = s.Contact(t.Context(), v, "c-1")
			sqlstoretest.WantErr(t, "Contact after the delete", err, store.ErrNotFound)
			wantLinks(t, s, "links after the delete", "contoso", "alice", []string{email}, map[string]string{})
			sqlstoretest.WantSlice(t, "delta after the delete", changes(t, s, v, 0, 100), []string{"2 del c-1"})
			sqlstoretest.WantErr(t, "deleting it again", deleteOwn(t, s, "contoso", "alice", "c-1", "", 4), store.ErrNotFound)
			sqlstoretest.WantErr(t, "deleting a contact never made", deleteOwn(t, s, "contoso", "alice", "c-7", "", 4), store.ErrNotFound)

			// Without an etag, a delete is unconditional.
			putOwn(t, s, "contoso", "alice", own("c-2", "e5", 5, nil, nil))
			sqlstoretest.NoErr(t, "DeleteOwnContact without an etag", deleteOwn(t, s, "contoso", "alice", "c-2", "", 6))
			sqlstoretest.WantSlice(t, "delta after the second delete", changes(t, s, v, 0, 100), []string{"2 del c-1", "4 del c-2"})

			// A contact made again with a deleted one's id is no longer
			// deleted.
			putOwn(t, s, "contoso", "alice", own("c-1", "e9", 7, nil, nil))
			sqlstoretest.WantSlice(t, "delta after c-1 came back", changes(t, s, v, 0, 100), []string{"4 del c-2", "5 put c-1"})
		}},
	}
}
