package storetest

import (
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

// hold asks for the hold of a mailbox in a transaction of its own.
func hold(t *testing.T, s *store.SQL, tenant, user, holder string, ttl time.Duration) bool {
	t.Helper()
	var held bool
	write(t, s, func(tx store.Tx) error {
		var err error
		held, err = tx.Hold(t.Context(), tenant, user, holder, ttl)
		return err
	})
	return held
}

// checkHold runs CheckHold and, if it passes, a write in the same
// transaction, as the service applies a page; it returns the error.
func checkHold(t *testing.T, s *store.SQL, tenant, user, holder string) error {
	t.Helper()
	return sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
		if err := tx.SetNextRun(t.Context(), tenant, user, at(1000)); err != nil {
			return err
		}
		return tx.CheckHold(t.Context(), tenant, user, holder)
	})
}

// release gives up the hold in a transaction of its own.
func release(t *testing.T, s *store.SQL, tenant, user, holder string) {
	t.Helper()
	write(t, s, func(tx store.Tx) error { return tx.Release(t.Context(), tenant, user, holder) })
}

func holdCases() []testCase {
	const long = time.Minute
	return []testCase{
		{Name: "OneHolderAtATime", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			sqlstoretest.WantEqual(t, "A takes the hold", hold(t, s, "contoso", "alice", "A", long), true)
			sqlstoretest.WantEqual(t, "A extends its hold", hold(t, s, "contoso", "alice", "A", long), true)
			sqlstoretest.WantEqual(t, "B while A holds", hold(t, s, "contoso", "alice", "B", long), false)
			sqlstoretest.NoErr(t, "CheckHold of A", checkHold(t, s, "contoso", "alice", "A"))
			sqlstoretest.WantErr(t, "CheckHold of B", checkHold(t, s, "contoso", "alice", "B"), store.ErrHeldElsewhere)
			// The write fenced off by B's failed check did not stay.
			wantTime(t, "next run after B's fenced write", getMailbox(t, s, "contoso", "alice").NextRun, at(1000))

			// Another mailbox is held apart.
			allow(t, s, "contoso", "bob", at(0))
			sqlstoretest.WantEqual(t, "B takes another mailbox", hold(t, s, "contoso", "bob", "B", long), true)
			sqlstoretest.WantErr(t, "CheckHold of A on B's mailbox", checkHold(t, s, "contoso", "bob", "A"), store.ErrHeldElsewhere)
			sqlstoretest.WantEqual(t, "the hold of a mailbox that does not exist", hold(t, s, "contoso", "nobody", "A", long), false)
		}},
		{Name: "HoldLapses", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			const ttl = 50 * time.Millisecond
			sqlstoretest.WantEqual(t, "A takes the hold", hold(t, s, "contoso", "alice", "A", ttl), true)
			sqlstoretest.WantEqual(t, "B at once", hold(t, s, "contoso", "alice", "B", ttl), false)

			time.Sleep(3 * ttl)
			sqlstoretest.WantErr(t, "CheckHold of A once its hold lapsed", checkHold(t, s, "contoso", "alice", "A"), store.ErrHeldElsewhere)
			sqlstoretest.WantEqual(t, "B once A's hold lapsed", hold(t, s, "contoso", "alice", "B", long), true)
			sqlstoretest.WantErr(t, "CheckHold of A once B holds", checkHold(t, s, "contoso", "alice", "A"), store.ErrHeldElsewhere)
			sqlstoretest.NoErr(t, "CheckHold of B", checkHold(t, s, "contoso", "alice", "B"))
			sqlstoretest.WantEqual(t, "A once B holds", hold(t, s, "contoso", "alice", "A", long), false)
		}},
		{Name: "RenewFencesAndExtends", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			const ttl = 100 * time.Millisecond
			renew := func(holder string, ttl time.Duration) error {
				t.Helper()
				return sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
					return tx.Renew(t.Context(), "contoso", "alice", holder, ttl)
				})
			}
			sqlstoretest.WantErr(t, "Renew of a hold never taken", renew("A", long), store.ErrHeldElsewhere)
			sqlstoretest.WantEqual(t, "A takes the hold", hold(t, s, "contoso", "alice", "A", ttl), true)
			sqlstoretest.NoErr(t, "Renew of A", renew("A", long))
			time.Sleep(2 * ttl)
			sqlstoretest.WantEqual(t, "B past A's first ttl, renewed", hold(t, s, "contoso", "alice", "B", long), false)
			sqlstoretest.WantErr(t, "Renew of B", renew("B", long), store.ErrHeldElsewhere)

			sqlstoretest.NoErr(t, "Renew of A, short", renew("A", ttl/2))
			time.Sleep(ttl)
			sqlstoretest.WantErr(t, "Renew of A once its hold lapsed", renew("A", long), store.ErrHeldElsewhere)
			sqlstoretest.WantEqual(t, "B once A's hold lapsed", hold(t, s, "contoso", "alice", "B", long), true)
			sqlstoretest.WantErr(t, "Renew of A once B holds", renew("A", long), store.ErrHeldElsewhere)
		}},
		{Name: "ReleaseLetsOthersIn", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			sqlstoretest.WantEqual(t, "A takes the hold", hold(t, s, "contoso", "alice", "A", long), true)
			release(t, s, "contoso", "alice", "B") // not B's to give up
			sqlstoretest.WantEqual(t, "B after its own release", hold(t, s, "contoso", "alice", "B", long), false)
			sqlstoretest.NoErr(t, "CheckHold of A after B's release", checkHold(t, s, "contoso", "alice", "A"))

			release(t, s, "contoso", "alice", "A")
			sqlstoretest.WantErr(t, "CheckHold of A after its release", checkHold(t, s, "contoso", "alice", "A"), store.ErrHeldElsewhere)
			sqlstoretest.WantEqual(t, "B after A's release", hold(t, s, "contoso", "alice", "B", long), true)
		}},
		{Name: "WithdrawEndsTheHold", Check: func(t *testing.T, s *store.SQL) {
			// A run in progress must not write once the user lost
			// eligibility: its pages would bring the folder back, with
			// contacts the purge leaves.
			allow(t, s, "contoso", "alice", at(0))
			sqlstoretest.WantEqual(t, "A takes the hold", hold(t, s, "contoso", "alice", "A", long), true)
			withdraw(t, s, withdrawal("contoso", "alice"), at(1))
			sqlstoretest.WantErr(t, "CheckHold of A after the withdrawal", checkHold(t, s, "contoso", "alice", "A"), store.ErrHeldElsewhere)
		}},
	}
}
