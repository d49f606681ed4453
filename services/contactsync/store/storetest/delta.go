package storetest

import (
	"math"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

func changeCases() []testCase {
	return []testCase{
		{Name: "Empty", Check: func(t *testing.T, s *store.SQL) {
			sqlstoretest.WantSlice(t, "delta of a user without a mailbox", changes(t, s, ownFolder("contoso", "alice"), 0, 100), []string{})
		}},
		{Name: "ContactsAndTombstonesInSeqOrder", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			putOwn(t, s, "contoso", "alice", own("c-1", "e1", 1, nil, nil), own("c-2", "e1", 1, nil, nil), own("c-3", "e1", 1, nil, nil)) // 1, 2, 3
			sqlstoretest.NoErr(t, "delete c-2", deleteOwn(t, s, "contoso", "alice", "c-2", "", 2))                                        // 4
			c1 := own("c-1", "e2", 1, []string{"c1@example.com"}, nil)
			putOwn(t, s, "contoso", "alice", c1)                                                   // 5
			listInFull(t, s, "contoso", "alice", members("v1", 3, "m1", "m2"))                     // 6, 7
			sqlstoretest.NoErr(t, "delete c-3", deleteOwn(t, s, "contoso", "alice", "c-3", "", 4)) // 8
			putOwn(t, s, "contoso", "alice", own("c-4", "e1", 5, nil, nil))                        // 9

			v := ownFolder("contoso", "alice")
			sqlstoretest.WantSlice(t, "the own folder's delta", changes(t, s, v, 0, 100),
				[]string{"4 del c-2", "5 put c-1", "8 del c-3", "9 put c-4"})
			sqlstoretest.WantSlice(t, "the LinkedIn folder's delta", changes(t, s, linkedIn(t, s, "contoso", "alice"), 0, 100),
				[]string{"6 put li-m1", "7 put li-m2"})

			// The limit holds over contacts and tombstones together.
			sqlstoretest.WantSlice(t, "limit 1", changes(t, s, v, 0, 1), []string{"4 del c-2"})
			sqlstoretest.WantSlice(t, "limit 2", changes(t, s, v, 0, 2), []string{"4 del c-2", "5 put c-1"})
			sqlstoretest.WantSlice(t, "limit 3", changes(t, s, v, 0, 3), []string{"4 del c-2", "5 put c-1", "8 del c-3"})
			sqlstoretest.WantSlice(t, "after 4", changes(t, s, v, 4, 2), []string{"5 put c-1", "8 del c-3"})
			sqlstoretest.WantSlice(t, "after 5", changes(t, s, v, 5, 1), []string{"8 del c-3"})
			sqlstoretest.WantSlice(t, "after the last", changes(t, s, v, 9, 100), []string{})

			// A change carries the contact as it is.
			got, err := s.Changes(t.Context(), v, 4, math.MaxInt64, 1)
			sqlstoretest.NoErr(t, "Changes", err)
			if len(got) != 1 || got[0].Contact == nil {
				t.Fatalf("Changes after 4: got %+v, want c-1", got)
			}
			sqlstoretest.WantProto(t, "the contact of a change", got[0].Contact, c1)
		}},
		{Name: "FolderSeqCountsTheFoldersOwnChanges", Check: func(t *testing.T, s *store.SQL) {
			folderSeq := func(folder string) int64 {
				t.Helper()
				n, err := s.FolderSeq(t.Context(), "contoso", "alice", folder)
				sqlstoretest.NoErr(t, "FolderSeq", err)
				return n
			}
			sqlstoretest.WantEqual(t, "a folder that never changed", folderSeq(store.OwnFolder), int64(0))
			allow(t, s, "contoso", "alice", at(0))
			putOwn(t, s, "contoso", "alice", own("c-1", "e1", 1, nil, nil), own("c-2", "e1", 1, nil, nil)) // 1, 2
			listInFull(t, s, "contoso", "alice", members("v1", 3, "m1", "m2"))                             // 3, 4
			sqlstoretest.WantEqual(t, "own folder after LinkedIn changed", folderSeq(store.OwnFolder), int64(2))
			sqlstoretest.WantEqual(t, "LinkedIn folder", folderSeq(store.LinkedInFolder), int64(4))
			sqlstoretest.NoErr(t, "delete c-2", deleteOwn(t, s, "contoso", "alice", "c-2", "", 5)) // 5
			sqlstoretest.WantEqual(t, "own folder after a deletion", folderSeq(store.OwnFolder), int64(5))
		}},
		{Name: "SinceHidesOlderRows", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			listInFull(t, s, "contoso", "alice", members("v1", 1, "m1", "m2", "m3"))               // 1, 2, 3
			incremental(t, s, "contoso", "alice", store.FeedPage{Deleted: []string{"li-m1"}})      // 4
			incremental(t, s, "contoso", "alice", store.FeedPage{Upserts: members("v1", 5, "m4")}) // 5
			incremental(t, s, "contoso", "alice", store.FeedPage{Upserts: members("v2", 6, "m2")}) // 6

			v := store.View{Tenant: "contoso", User: "alice", Folder: store.LinkedInFolder, Since: 4}
			sqlstoretest.WantSlice(t, "delta since 4", changes(t, s, v, 0, 100), []string{"5 put li-m4", "6 put li-m2"})
			sqlstoretest.WantSlice(t, "delta since 4 after 2", changes(t, s, v, 2, 100), []string{"5 put li-m4", "6 put li-m2"})
			sqlstoretest.WantSlice(t, "delta since 4 after 5", changes(t, s, v, 5, 100), []string{"6 put li-m2"})
			sqlstoretest.WantSlice(t, "contacts since 4", contactIDs(t, s, v), []string{"li-m2", "li-m4"})
			n, err := s.CountContacts(t.Context(), v)
			sqlstoretest.NoErr(t, "CountContacts", err)
			sqlstoretest.WantEqual(t, "CountContacts since 4", n, 2)
			_, err = s.Contact(t.Context(), v, "li-m3")
			sqlstoretest.WantErr(t, "Contact of a row older than the view", err, store.ErrNotFound)

			v.Since = 0
			sqlstoretest.WantSlice(t, "the whole delta", changes(t, s, v, 0, 100),
				[]string{"3 put li-m3", "4 del li-m1", "5 put li-m4", "6 put li-m2"})
		}},
	}
}
