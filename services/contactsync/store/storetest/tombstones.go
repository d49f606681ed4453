package storetest

import (
	"fmt"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

func tombstoneCases() []testCase {
	return []testCase{
		{Name: "TrimForgetsOldDeletionsAndMovesTheHorizon", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			allow(t, s, "contoso", "bob", at(0))
			putOwn(t, s, "contoso", "alice", own("c-1", "e1", 1, nil, nil), own("c-2", "e1", 1, nil, nil), own("c-3", "e1", 1, nil, nil)) // 1, 2, 3
			sqlstoretest.NoErr(t, "delete c-1", deleteOwn(t, s, "contoso", "alice", "c-1", "", 10))                                       // 4
			sqlstoretest.NoErr(t, "delete c-2", deleteOwn(t, s, "contoso", "alice", "c-2", "", 20))                                       // 5
			putOwn(t, s, "contoso", "bob", own("c-9", "e1", 1, nil, nil))
			sqlstoretest.NoErr(t, "delete c-9", deleteOwn(t, s, "contoso", "bob", "c-9", "", 30))

			n, err := s.TrimTombstones(t.Context(), at(15), 100)
			sqlstoretest.NoErr(t, "TrimTombstones", err)
			sqlstoretest.WantEqual(t, "folders trimmed before 15s", n, 1)
			sqlstoretest.WantEqual(t, "alice's trimmed seq", getMailbox(t, s, "contoso", "alice").TrimmedSeq, int64(4))
			sqlstoretest.WantEqual(t, "bob's trimmed seq", getMailbox(t, s, "contoso", "bob").TrimmedSeq, int64(0))
			v := ownFolder("contoso", "alice")
			sqlstoretest.WantSlice(t, "alice's delta keeps the newer deletion", changes(t, s, v, 0, 100), []string{"3 put c-3", "5 del c-2"})
			sqlstoretest.WantSlice(t, "live contacts stay", contactIDs(t, s, v), []string{"c-3"})

			// In batches of one folder: alice's, then bob's, then none.
			for i, want := range []int{1, 1, 0} {
				n, err := s.TrimTombstones(t.Context(), at(100), 1)
				sqlstoretest.NoErr(t, "TrimTombstones", err)
				sqlstoretest.WantEqual(t, fmt.Sprintf("folders trimmed in batch %d", i+1), n, want)
			}
			sqlstoretest.WantEqual(t, "alice's trimmed seq at the end", getMailbox(t, s, "contoso", "alice").TrimmedSeq, int64(5))
			sqlstoretest.WantSlice(t, "bob's delta", changes(t, s, ownFolder("contoso", "bob"), 0, 100), []string{})
			sqlstoretest.WantSlice(t, "alice's contacts at the end", contactIDs(t, s, v), []string{"c-3"})
		}},
	}
}
