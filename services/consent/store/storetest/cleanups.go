package storetest

import (
	"bytes"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// revocationCleanup is the remote steps of revoking l, at ledger revision
// revision: both steps pending, with l's sealed tokens.
func revocationCleanup(l *store.Link, revision int64) *store.Cleanup {
	return &store.Cleanup{
		Tenant: l.Tenant, User: l.User, MemberID: l.MemberID, Revision: revision,
		ContactsState: store.StepPending, TokensState: store.StepPending,
		AccessToken: l.AccessToken, RefreshToken: l.RefreshToken, CreateTime: at(100), UpdateTime: at(100),
	}
}

// narrowingCleanup is the remote step of narrowing l to LinkedIn ->
// organization only: the contacts' deletion, with copies of the tokens the
// link keeps, which no step revokes.
func narrowingCleanup(l *store.Link, revision int64) *store.Cleanup {
	c := revocationCleanup(l, revision)
	c.TokensState = store.StepNotNeeded
	return c
}

// createCleanups stores cleanups in one transaction, setting their ids.
func createCleanups(t *testing.T, s store.Store, cleanups ...*store.Cleanup) {
	t.Helper()
	sqlstoretest.Write(t, s, func(tx store.Tx) error {
		for _, c := range cleanups {
			if err := tx.CreateCleanup(t.Context(), c); err != nil {
				return err
			}
		}
		return nil
	})
}

// wantCleanup fails the test unless got holds what want holds.
func wantCleanup(t *testing.T, what string, got, want *store.Cleanup) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: got no cleanup, want %+v", what, want)
		return
	}
	sqlstoretest.WantEqual(t, what+": id", got.ID, want.ID)
	sqlstoretest.WantEqual(t, what+": tenant", got.Tenant, want.Tenant)
	sqlstoretest.WantEqual(t, what+": user", got.User, want.User)
	sqlstoretest.WantEqual(t, what+": member id", got.MemberID, want.MemberID)
	sqlstoretest.WantEqual(t, what+": revision", got.Revision, want.Revision)
	sqlstoretest.WantEqual(t, what+": contacts state", got.ContactsState, want.ContactsState)
	sqlstoretest.WantEqual(t, what+": contacts deleted", got.ContactsDeleted, want.ContactsDeleted)
	sqlstoretest.WantEqual(t, what+": tokens state", got.TokensState, want.TokensState)
	sqlstoretest.WantEqual(t, what+": attempts", got.Attempts, want.Attempts)
	sqlstoretest.WantEqual(t, what+": last error", got.LastError, want.LastError)
	if !bytes.Equal(got.AccessToken, want.AccessToken) || !bytes.Equal(got.RefreshToken, want.RefreshToken) {
		t.Errorf("%s: tokens: got %x/%x, want %x/%x", what, got.AccessToken, got.RefreshToken, want.AccessToken, want.RefreshToken)
	}
	wantTime(t, what+": create time", got.CreateTime, want.CreateTime)
	wantTime(t, what+": update time", got.UpdateTime, want.UpdateTime)
}

// ids lists the cleanups' ids in order.
func ids(cleanups []*store.Cleanup) []int64 {
	out := make([]int64, len(cleanups))
	for i, c := range cleanups {
		out[i] = c.ID
	}
	return out
}

// pendingOf lists the ids of up to limit of user's (of contoso) pending
// cleanups.
func pendingOf(t *testing.T, s store.Store, user string, limit int) []int64 {
	t.Helper()
	got, err := s.PendingCleanups(t.Context(), "contoso", user, limit)
	sqlstoretest.NoErr(t, "PendingCleanups", err)
	return ids(got)
}

// cleanupCases check the remote steps of revocations and narrowings: stored
// and read back whole, listed while a step of either kind is pending,
// newest first, and their sealed tokens dropped once done.
func cleanupCases() []testCase {
	return []testCase{
		{Name: "RoundTrip", Check: func(t *testing.T, s store.Store) {
			alice := link("contoso", "alice", "m-alice")
			revoked, narrowed := revocationCleanup(alice, 8), narrowingCleanup(alice, 9)
			createCleanups(t, s, revoked, narrowed)
			if revoked.ID == 0 || narrowed.ID <= revoked.ID {
				t.Fatalf("ids %d then %d, want increasing ids", revoked.ID, narrowed.ID)
			}
			for what, want := range map[string]*store.Cleanup{"a revocation's": revoked, "a narrowing's": narrowed} {
				got, err := s.GetCleanup(t.Context(), want.ID)
				sqlstoretest.NoErr(t, "GetCleanup", err)
				wantCleanup(t, what+" cleanup", got, want)
			}
			_, err := s.GetCleanup(t.Context(), narrowed.ID+1)
			sqlstoretest.WantErr(t, "GetCleanup of an unknown id", err, store.ErrNotFound)
		}},
		{Name: "NarrowingPendingUntilDone", Check: func(t *testing.T, s store.Store) {
			c := narrowingCleanup(link("contoso", "alice", "m-alice"), 9)
			createCleanups(t, s, c)
			sqlstoretest.WantSlice(t, "alice's pending cleanups", pendingOf(t, s, "alice", 10), []int64{c.ID})

			// An attempt LinkedIn failed: still pending, tokens kept, and a
			// refresh during it renewed them.
			c.Attempts, c.LastError, c.UpdateTime = 1, "LinkedIn was unavailable", at(101)
			c.AccessToken, c.RefreshToken = []byte("sealed-access-refreshed"), []byte("sealed-refresh-refreshed")
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.UpdateCleanup(t.Context(), c) })
			got, err := s.GetCleanup(t.Context(), c.ID)
			sqlstoretest.NoErr(t, "GetCleanup", err)
			wantCleanup(t, "after a failed attempt", got, c)
			sqlstoretest.WantSlice(t, "pending after a failed attempt", pendingOf(t, s, "alice", 10), []int64{c.ID})

			// Done: the tokens the step held go; the tokens step stays not
			// needed.
			c.Attempts, c.LastError, c.UpdateTime = 2, "", at(102)
			c.ContactsState, c.ContactsDeleted, c.AccessToken, c.RefreshToken = store.StepDone, 12, nil, nil
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.UpdateCleanup(t.Context(), c) })
			got, err = s.GetCleanup(t.Context(), c.ID)
			sqlstoretest.NoErr(t, "GetCleanup", err)
			wantCleanup(t, "done", got, c)
			if got.AccessToken != nil || got.RefreshToken != nil {
				t.Errorf("a done cleanup holds tokens %#v/%#v", got.AccessToken, got.RefreshToken)
			}
			sqlstoretest.WantSlice(t, "pending once done", pendingOf(t, s, "alice", 10), []int64{})
		}},
		{Name: "PendingNewestFirstPerUser", Check: func(t *testing.T, s store.Store) {
			alice, bob := link("contoso", "alice", "m-alice"), link("contoso", "bob", "m-bob")
			done := revocationCleanup(alice, 3)
			done.ContactsState, done.TokensState = store.StepDone, store.StepFailed
			tokensOnly := revocationCleanup(alice, 5)
			tokensOnly.ContactsState = store.StepNotNeeded
			narrowed := narrowingCleanup(alice, 7)
			contactsLeft := revocationCleanup(alice, 9)
			contactsLeft.TokensState = store.StepDone
			createCleanups(t, s, done, tokensOnly, narrowed, narrowingCleanup(bob, 10), contactsLeft,
				narrowingCleanup(link("fabrikam", "alice", "m-alice-2"), 11))

			sqlstoretest.WantSlice(t, "alice's pending cleanups", pendingOf(t, s, "alice", 10),
				[]int64{contactsLeft.ID, narrowed.ID, tokensOnly.ID})
			sqlstoretest.WantSlice(t, "alice's newest two", pendingOf(t, s, "alice", 2), []int64{contactsLeft.ID, narrowed.ID})
			sqlstoretest.WantSlice(t, "carol's", pendingOf(t, s, "carol", 10), []int64{})
		}},
		{Name: "UpdateOfAnUnknownCleanup", Check: func(t *testing.T, s store.Store) {
			c := narrowingCleanup(link("contoso", "alice", "m-alice"), 9)
			c.ID = 4242
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.UpdateCleanup(t.Context(), c) })
			sqlstoretest.WantErr(t, "UpdateCleanup of an unknown id", err, store.ErrNotFound)
		}},
	}
}
