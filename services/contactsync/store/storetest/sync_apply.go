package storetest

import (
	"fmt"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// member is the synced contact of a network member as the service makes
// it: its id derived from the member id, its etag from its content, which
// version names; made at n seconds.
func member(id, version string, n int) *contactsyncv1.Contact {
	return &contactsyncv1.Contact{
		Id: "li-" + id, ParentFolderId: store.LinkedInFolder, SourceMemberId: id,
		GivenName: id, Surname: version, DisplayName: id + " " + version,
		CompanyName: "Contoso", JobTitle: "Engineer " + version,
		Phones:          []*contactsyncv1.Phone{{Type: contactsyncv1.Phone_MOBILE, Number: "+1 425 555 0199"}},
		EmailAddresses:  []*contactsyncv1.Email{{Type: contactsyncv1.Email_WORK, Address: id + "@example.com"}},
		PostalAddresses: []*contactsyncv1.PhysicalAddress{{Type: contactsyncv1.PhysicalAddress_BUSINESS, City: "Redmond", CountryOrRegion: "US"}},
		Etag:            id + "-" + version,
		CreateTime:      timestamppb.New(at(n)), UpdateTime: timestamppb.New(at(n)),
	}
}

// members are the contacts of several members, of one version.
func members(version string, n int, ids ...string) []*contactsyncv1.Contact {
	out := make([]*contactsyncv1.Contact, len(ids))
	for i, id := range ids {
		out[i] = member(id, version, n)
	}
	return out
}

// apply applies a page to the user's LinkedIn folder, as the service sees
// it, in a transaction of its own, and returns what changed.
func apply(t *testing.T, s *store.SQL, tenant, user string, from store.Position, page store.FeedPage, next store.Position) store.Counts {
	t.Helper()
	v := linkedIn(t, s, tenant, user)
	var counts store.Counts
	write(t, s, func(tx store.Tx) error {
		var err error
		counts, err = tx.ApplyPage(t.Context(), v, from, page, next, at(100))
		return err
	})
	return counts
}

// incremental applies one page of an incremental listing.
func incremental(t *testing.T, s *store.SQL, tenant, user string, page store.FeedPage) store.Counts {
	t.Helper()
	return apply(t, s, tenant, user, store.Position{SyncToken: "sync-before"}, page, store.Position{SyncToken: "sync-after"})
}

// listInFull applies a whole full listing of the given pages, each page's
// position after the last as the service sets it, and returns the sum of
// what changed.
func listInFull(t *testing.T, s *store.SQL, tenant, user string, pages ...[]*contactsyncv1.Contact) store.Counts {
	t.Helper()
	var total store.Counts
	from := store.Position{}
	for i, upserts := range pages {
		last := i == len(pages)-1
		next := store.Position{SyncToken: "sync-after-full"}
		if !last {
			next = store.Position{PageToken: fmt.Sprintf("page-%d", i+2), Full: true, After: from.After}
			if n := len(upserts); n > 0 {
				next.After = upserts[n-1].SourceMemberId
			}
		}
		c := apply(t, s, tenant, user, from, store.FeedPage{Full: true, Upserts: upserts, Last: last}, next)
		total.Added, total.Updated, total.Deleted = total.Added+c.Added, total.Updated+c.Updated, total.Deleted+c.Deleted
		from = next
	}
	return total
}

func applyPageCases() []testCase {
	return []testCase{
		{Name: "AMemberNamedTwiceInAPageIsWrittenOnce", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			got := incremental(t, s, "contoso", "alice", store.FeedPage{Upserts: []*contactsyncv1.Contact{
				member("m1", "v1", 1), member("m2", "v1", 1), member("m1", "v2", 1)}})
			sqlstoretest.WantEqual(t, "counts", got, store.Counts{Added: 2})
			wantContacts(t, s, "the folder", linkedIn(t, s, "contoso", "alice"), member("m1", "v2", 1), member("m2", "v1", 1))
		}},
		{Name: "LargePagesWriteInFullAndPartBatches", Check: func(t *testing.T, s *store.SQL) {
			// 250 contacts: two full statements of 100 rows and one of 50.
			allow(t, s, "contoso", "alice", at(0))
			var ids []string
			for i := range 250 {
				ids = append(ids, fmt.Sprintf("m%03d", i))
			}
			sqlstoretest.WantEqual(t, "first listing", listInFull(t, s, "contoso", "alice", members("v1", 1, ids...)), store.Counts{Added: 250})
			v := linkedIn(t, s, "contoso", "alice")
			n, err := s.CountContacts(t.Context(), v)
			sqlstoretest.NoErr(t, "CountContacts", err)
			sqlstoretest.WantEqual(t, "contacts", n, int64(250))
			sqlstoretest.WantEqual(t, "the same listing again", listInFull(t, s, "contoso", "alice", members("v1", 2, ids...)), store.Counts{})
			got, err := s.Contact(t.Context(), v, "li-m137")
			sqlstoretest.NoErr(t, "Contact", err)
			sqlstoretest.WantProto(t, "a contact of the second statement", got, member("m137", "v1", 1))
			sqlstoretest.WantEqual(t, "a new version of all", listInFull(t, s, "contoso", "alice", members("v2", 3, ids...)), store.Counts{Updated: 250})
		}},
		{Name: "FullListingCreates", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			page1, page2 := members("v1", 1, "m1", "m2", "m3"), members("v1", 1, "m4", "m5")

			next := store.Position{PageToken: "page-2", Full: true, After: "m3"}
			counts := apply(t, s, "contoso", "alice", store.Position{}, store.FeedPage{Full: true, Upserts: page1}, next)
			sqlstoretest.WantEqual(t, "counts of the first page", counts, store.Counts{Added: 3})
			m := getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "position after the first page", m.Position, next)
			sqlstoretest.WantEqual(t, "LinkedIn folder after the first page", m.LinkedInFolder, true)
			sqlstoretest.WantEqual(t, "seq after the first page", m.Seq, 3)

			last := store.Position{SyncToken: "sync-1"}
			counts = apply(t, s, "contoso", "alice", next, store.FeedPage{Full: true, Upserts: page2, Last: true}, last)
			sqlstoretest.WantEqual(t, "counts of the last page", counts, store.Counts{Added: 2})
			m = getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "position after the listing", m.Position, last)
			sqlstoretest.WantEqual(t, "seq after the listing", m.Seq, 5)
			sqlstoretest.WantEqual(t, "the run's counts", m.Run, store.Counts{Added: 5})

			v := linkedIn(t, s, "contoso", "alice")
			wantContacts(t, s, "contacts after the listing", v, append(page1, page2...)...)
			n, err := s.CountContacts(t.Context(), v)
			sqlstoretest.NoErr(t, "CountContacts", err)
			sqlstoretest.WantEqual(t, "CountContacts", n, 5)
			sqlstoretest.WantSlice(t, "delta of the listing", changes(t, s, v, 0, 100),
				[]string{"1 put li-m1", "2 put li-m2", "3 put li-m3", "4 put li-m4", "5 put li-m5"})
			sqlstoretest.WantSlice(t, "the own folder", contactIDs(t, s, ownFolder("contoso", "alice")), []string{})
		}},
		{Name: "SamePageTwiceChangesNothing", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			first := members("v1", 1, "m1", "m2", "m3")
			next := store.Position{PageToken: "page-2", Full: true, After: "m3"}
			apply(t, s, "contoso", "alice", store.Position{}, store.FeedPage{Full: true, Upserts: first}, next)

			// A run cut off after the commit reads the page again; the
			// service makes the contacts anew, later.
			again := members("v1", 7, "m1", "m2", "m3")
			counts := apply(t, s, "contoso", "alice", store.Position{}, store.FeedPage{Full: true, Upserts: again}, next)
			sqlstoretest.WantEqual(t, "counts of a full page applied again", counts, store.Counts{})
			m := getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "seq after a full page applied again", m.Seq, 3)
			sqlstoretest.WantEqual(t, "position after a full page applied again", m.Position, next)
			sqlstoretest.WantEqual(t, "run counts after a full page applied again", m.Run, store.Counts{Added: 3})
			v := linkedIn(t, s, "contoso", "alice")
			wantContacts(t, s, "contacts (update times kept) after a full page applied again", v, first...)
			sqlstoretest.WantSlice(t, "delta of a full page applied again", changes(t, s, v, 3, 100), []string{})

			// The same for an incremental page with an update and a
			// tombstone.
			page := func(n int) store.FeedPage {
				return store.FeedPage{Upserts: []*contactsyncv1.Contact{member("m2", "v2", n)}, Deleted: []string{"li-m3"}, Last: true}
			}
			counts = incremental(t, s, "contoso", "alice", page(8))
			sqlstoretest.WantEqual(t, "counts of an incremental page", counts, store.Counts{Updated: 1, Deleted: 1})
			counts = incremental(t, s, "contoso", "alice", page(9))
			sqlstoretest.WantEqual(t, "counts of an incremental page applied again", counts, store.Counts{})
			m = getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "seq after an incremental page applied again", m.Seq, 5)
			updated := member("m2", "v2", 8)
			updated.CreateTime = timestamppb.New(at(1))
			wantContacts(t, s, "contacts after an incremental page applied again", v, first[0], updated)
			sqlstoretest.WantSlice(t, "delta after an incremental page applied again", changes(t, s, v, 3, 100),
				[]string{"4 put li-m2", "5 del li-m3"})
		}},
		{Name: "IncrementalUpdatesChangedContentOnly", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			listInFull(t, s, "contoso", "alice", members("v1", 1, "m1", "m2", "m3"))

			counts := incremental(t, s, "contoso", "alice", store.FeedPage{
				Upserts: []*contactsyncv1.Contact{member("m2", "v2", 5), member("m3", "v1", 5), member("m4", "v1", 5)},
				Last:    true,
			})
			sqlstoretest.WantEqual(t, "counts", counts, store.Counts{Added: 1, Updated: 1})
			m := getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "seq", m.Seq, 5)
			sqlstoretest.WantEqual(t, "run counts", m.Run, store.Counts{Added: 4, Updated: 1})

			// m2 has its new content and etag, and keeps its creation time;
			// m3, unchanged, was not written.
			m2 := member("m2", "v2", 5)
			m2.CreateTime = timestamppb.New(at(1))
			v := linkedIn(t, s, "contoso", "alice")
			wantContacts(t, s, "contacts", v, member("m1", "v1", 1), m2, member("m3", "v1", 1), member("m4", "v1", 5))
			sqlstoretest.WantSlice(t, "delta", changes(t, s, v, 3, 100), []string{"4 put li-m2", "5 put li-m4"})

			// An incremental page need not be in member id order.
			counts = incremental(t, s, "contoso", "alice", store.FeedPage{
				Upserts: []*contactsyncv1.Contact{member("m4", "v2", 6), member("m1", "v2", 6)}, Last: true,
			})
			sqlstoretest.WantEqual(t, "counts of an unordered incremental page", counts, store.Counts{Updated: 2})
		}},
		{Name: "TombstonesDelete", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			listInFull(t, s, "contoso", "alice", members("v1", 1, "m1", "m2", "m3"))

			// A member deleted twice in the page, and one never synced.
			counts := incremental(t, s, "contoso", "alice", store.FeedPage{Deleted: []string{"li-m2", "li-nobody", "li-m2"}, Last: true})
			sqlstoretest.WantEqual(t, "counts", counts, store.Counts{Deleted: 1})
			v := linkedIn(t, s, "contoso", "alice")
			sqlstoretest.WantSlice(t, "contacts", contactIDs(t, s, v), []string{"li-m1", "li-m3"})
			_, err := s.Contact(t.Context(), v, "li-m2")
			sqlstoretest.WantErr(t, "Contact of the deleted member", err, store.ErrNotFound)
			sqlstoretest.WantEqual(t, "seq", getMailbox(t, s, "contoso", "alice").Seq, 4)
			sqlstoretest.WantSlice(t, "delta", changes(t, s, v, 3, 100), []string{"4 del li-m2"})
		}},
		{Name: "FullListingConverges", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			listInFull(t, s, "contoso", "alice", members("v1", 1, "m1", "m2", "m3"), members("v1", 1, "m4", "m5", "m6"))
			v := linkedIn(t, s, "contoso", "alice")

			// A new full listing, in which m2, m4 and m6 are gone. A page
			// without entries says nothing of any range.
			p1 := store.Position{PageToken: "page-1b", Full: true}
			counts := apply(t, s, "contoso", "alice", store.Position{}, store.FeedPage{Full: true}, p1)
			sqlstoretest.WantEqual(t, "counts of an empty page", counts, store.Counts{})
			// m2 is within the first page's range (m1 to m3), and its
			// tombstone is in the page too: it is deleted once.
			p2 := store.Position{PageToken: "page-2", Full: true, After: "m3"}
			counts = apply(t, s, "contoso", "alice", p1, store.FeedPage{
				Full: true, Upserts: members("v1", 2, "m1", "m3"), Deleted: []string{"li-m2"},
			}, p2)
			sqlstoretest.WantEqual(t, "counts of the first page", counts, store.Counts{Deleted: 1})
			sqlstoretest.WantSlice(t, "contacts after the first page", contactIDs(t, s, v),
				[]string{"li-m1", "li-m3", "li-m4", "li-m5", "li-m6"})
			// m4 is within the last page's range, m6 after it.
			counts = apply(t, s, "contoso", "alice", p2, store.FeedPage{Full: true, Upserts: members("v1", 2, "m5"), Last: true},
				store.Position{SyncToken: "sync-2"})
			sqlstoretest.WantEqual(t, "counts of the last page", counts, store.Counts{Deleted: 2})
			sqlstoretest.WantSlice(t, "contacts after the listing", contactIDs(t, s, v), []string{"li-m1", "li-m3", "li-m5"})
			sqlstoretest.WantSlice(t, "delta of the listing", changes(t, s, v, 6, 100),
				[]string{"7 del li-m2", "8 del li-m4", "9 del li-m6"})

			// Listing the same again changes nothing: converged.
			counts = listInFull(t, s, "contoso", "alice", members("v1", 3, "m1", "m3"), members("v1", 3, "m5"))
			sqlstoretest.WantEqual(t, "counts of a listing that changes nothing", counts, store.Counts{})
			sqlstoretest.WantEqual(t, "seq after a listing that changes nothing", getMailbox(t, s, "contoso", "alice").Seq, 9)

			// m2 is back: the same contact again, not a second one.
			counts = incremental(t, s, "contoso", "alice", store.FeedPage{Upserts: members("v1", 10, "m2"), Last: true})
			sqlstoretest.WantEqual(t, "counts of a member back", counts, store.Counts{Added: 1})
			sqlstoretest.WantSlice(t, "contacts with a member back", contactIDs(t, s, v), []string{"li-m1", "li-m2", "li-m3", "li-m5"})
			sqlstoretest.WantSlice(t, "delta with a member back", changes(t, s, v, 0, 100),
				[]string{"1 put li-m1", "3 put li-m3", "5 put li-m5", "8 del li-m4", "9 del li-m6", "10 put li-m2"})
			counts = listInFull(t, s, "contoso", "alice", members("v1", 11, "m1", "m2"), members("v1", 11, "m3", "m5"))
			sqlstoretest.WantEqual(t, "counts of a listing with the member back", counts, store.Counts{})
			n, err := s.CountContacts(t.Context(), v)
			sqlstoretest.NoErr(t, "CountContacts", err)
			sqlstoretest.WantEqual(t, "CountContacts", n, 4)
		}},
		{Name: "FullListingOutOfOrderRefused", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			original := members("v1", 1, "m1", "m2", "m3", "m4")
			listInFull(t, s, "contoso", "alice", original)
			before := getMailbox(t, s, "contoso", "alice")
			v := linkedIn(t, s, "contoso", "alice")

			mid := store.Position{PageToken: "page-2", Full: true, After: "m2"}
			for _, bad := range []struct {
				name    string
				from    store.Position
				upserts []*contactsyncv1.Contact
			}{
				{"descending", store.Position{}, members("v2", 5, "m3", "m1")},
				{"repeated", store.Position{}, members("v2", 5, "m1", "m1", "m2")},
				{"not after the previous page", mid, members("v2", 5, "m2", "m3")},
				{"before the previous page", mid, members("v2", 5, "m1", "m3")},
			} {
				err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
					_, err := tx.ApplyPage(t.Context(), v, bad.from,
						store.FeedPage{Full: true, Upserts: bad.upserts}, store.Position{PageToken: "page-x", Full: true}, at(5))
					return err
				})
				if err == nil {
					t.Errorf("ApplyPage of a full listing page %s: no error", bad.name)
				}
			}

			after := getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "seq after the refused pages", after.Seq, before.Seq)
			sqlstoretest.WantEqual(t, "position after the refused pages", after.Position, before.Position)
			sqlstoretest.WantEqual(t, "run counts after the refused pages", after.Run, before.Run)
			wantContacts(t, s, "contacts after the refused pages", v, original...)
			sqlstoretest.WantSlice(t, "delta after the refused pages", changes(t, s, v, before.Seq, 100), []string{})
		}},
		{Name: "SavePosition", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			p1 := store.Position{SyncToken: "sync-1", PageToken: "page-2", Full: true, After: "m9"}
			write(t, s, func(tx store.Tx) error {
				return tx.SavePosition(t.Context(), "contoso", "alice", p1, store.Counts{Added: 1, Updated: 2, Deleted: 3})
			})
			m := getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "position", m.Position, p1)
			sqlstoretest.WantEqual(t, "run counts", m.Run, store.Counts{Added: 1, Updated: 2, Deleted: 3})
			sqlstoretest.WantEqual(t, "LinkedIn folder after a position", m.LinkedInFolder, true)

			p2 := store.Position{SyncToken: "sync-2"}
			write(t, s, func(tx store.Tx) error {
				return tx.SavePosition(t.Context(), "contoso", "alice", p2, store.Counts{Added: 10, Updated: 20, Deleted: 30})
			})
			m = getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "position after the second page", m.Position, p2)
			sqlstoretest.WantEqual(t, "run counts after the second page", m.Run, store.Counts{Added: 11, Updated: 22, Deleted: 33})

			// The run's counts become the last run's.
			write(t, s, func(tx store.Tx) error { return tx.FinishRun(t.Context(), "contoso", "alice", at(5), at(65)) })
			m = getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "run counts after the run", m.Run, store.Counts{})
			sqlstoretest.WantEqual(t, "last run's counts", m.Last, store.Counts{Added: 11, Updated: 22, Deleted: 33})
			sqlstoretest.WantEqual(t, "state after the run", m.State, contactsyncv1.SyncStatus_IDLE)
			sqlstoretest.WantEqual(t, "position after the run", m.Position, p2)
			wantTime(t, "last success", m.LastSuccess, at(5))
			wantTime(t, "next run", m.NextRun, at(65))

			write(t, s, func(tx store.Tx) error { return tx.FailRun(t.Context(), "contoso", "alice", at(70), "boom") })
			m = getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "state after a failed run", m.State, contactsyncv1.SyncStatus_FAILED)
			sqlstoretest.WantEqual(t, "error after a failed run", m.LastError, "boom")
			wantTime(t, "last attempt after a failed run", m.LastAttempt, at(70))
			wantTime(t, "last success after a failed run", m.LastSuccess, at(5))
		}},
	}
}
