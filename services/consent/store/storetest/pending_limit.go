package storetest

import (
	"slices"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// pendingLimitCases hold TrimPending, which keeps one user's started
// connections few.
func pendingLimitCases() []testCase {
	return []testCase{
		{Name: "TrimKeepsTheUsersNewest", Check: func(t *testing.T, s store.Store) {
			var alices []*store.PendingAuthorization
			for i, hash := range []string{"hash-3", "hash-1", "hash-4", "hash-2"} {
				p := pending(hash, 600)
				p.CreateTime = at([]int{3, 1, 4, 2}[i])
				alices = append(alices, p)
			}
			bob, elsewhere := pending("hash-bob", 600), pending("hash-elsewhere", 600)
			bob.User = "bob"
			elsewhere.Tenant = "fabrikam"
			createPending(t, s, append(alices, bob, elsewhere)...)

			sqlstoretest.WantEqual(t, "TrimPending to 2", trim(t, s, "contoso", "alice", 2), 2)
			sqlstoretest.WantEqual(t, "TrimPending to 2 again", trim(t, s, "contoso", "alice", 2), 0)
			sqlstoretest.WantEqual(t, "TrimPending of a user with none", trim(t, s, "contoso", "nobody", 0), 0)
			if got := takeable(t, s, "hash-1", "hash-2", "hash-3", "hash-4", "hash-bob", "hash-elsewhere"); !slices.Equal(got,
				[]string{"hash-3", "hash-4", "hash-bob", "hash-elsewhere"}) {
				t.Errorf("after TrimPending(alice, 2) the authorizations left are %q, want alice's two newest, bob's and the other tenant's", got)
			}
		}},
		{Name: "TrimToNoneRemovesAll", Check: func(t *testing.T, s store.Store) {
			createPending(t, s, pending("hash-a", 600), pending("hash-b", 600))
			sqlstoretest.WantEqual(t, "TrimPending to 0", trim(t, s, "contoso", "alice", 0), 2)
		}},
	}
}

// trim trims the user's authorizations to keep in a transaction of its own.
func trim(t *testing.T, s store.Store, tenant, user string, keep int) int64 {
	t.Helper()
	var removed int64
	sqlstoretest.Write(t, s, func(tx store.Tx) error {
		var err error
		removed, err = tx.TrimPending(t.Context(), tenant, user, keep)
		return err
	})
	return removed
}

// takeable lists which of the state hashes can still be taken, taking them.
func takeable(t *testing.T, s store.Store, hashes ...string) []string {
	t.Helper()
	var left []string
	for _, h := range hashes {
		if _, err := take(t, s, h); err == nil {
			left = append(left, h)
		}
	}
	return left
}
