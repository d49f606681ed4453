package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

// ensure creates mailboxes of a tenant, one transaction each.
func ensure(t *testing.T, s *store.SQL, tenant string, users ...string) {
	t.Helper()
	for _, u := range users {
		write(t, s, func(tx store.Tx) error { return tx.EnsureMailbox(t.Context(), tenant, u) })
	}
}

// mailboxUsers is one page of Mailboxes, as user ids.
func mailboxUsers(t *testing.T, s *store.SQL, tenant, after string, limit int) []string {
	t.Helper()
	boxes, err := s.Mailboxes(t.Context(), tenant, after, limit)
	sqlstoretest.NoErr(t, "Mailboxes", err)
	users := []string{}
	for _, m := range boxes {
		if m.Tenant != tenant {
			t.Errorf("Mailboxes of %s listed %s/%s", tenant, m.Tenant, m.User)
		}
		users = append(users, m.User)
	}
	return users
}

// consented is one page of ConsentedMailboxes, never nil.
func consented(t *testing.T, s *store.SQL, tenant, after string, limit int) []string {
	t.Helper()
	users, err := s.ConsentedMailboxes(t.Context(), tenant, after, limit)
	sqlstoretest.NoErr(t, "ConsentedMailboxes", err)
	return append([]string{}, users...)
}

// due lists the due mailboxes as "tenant/user".
func due(t *testing.T, s *store.SQL, now time.Time, limit int) []string {
	t.Helper()
	boxes, err := s.DueMailboxes(t.Context(), now, limit)
	sqlstoretest.NoErr(t, "DueMailboxes", err)
	out := []string{}
	for _, b := range boxes {
		out = append(out, b[0]+"/"+b[1])
	}
	return out
}

// requestSync asks for a run in a transaction of its own and says whether
// this request must queue one.
func requestSync(t *testing.T, s *store.SQL, tenant, user string, now time.Time, stale time.Duration) bool {
	t.Helper()
	var first bool
	write(t, s, func(tx store.Tx) error {
		var err error
		first, err = tx.RequestSync(t.Context(), tenant, user, now, stale)
		return err
	})
	return first
}

func mailboxCases() []testCase {
	const (
		both  = typev1.ConsentDirection_BIDIRECTIONAL
		toOrg = typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
	)
	return []testCase{
		{Name: "EnsureIsIdempotent", Check: func(t *testing.T, s *store.SQL) {
			_, err := s.Mailbox(t.Context(), "contoso", "alice")
			sqlstoretest.WantErr(t, "Mailbox before any", err, store.ErrNotFound)

			write(t, s, func(tx store.Tx) error {
				if err := tx.EnsureMailbox(t.Context(), "contoso", "alice"); err != nil {
					return err
				}
				return tx.EnsureMailbox(t.Context(), "contoso", "alice")
			})
			ensure(t, s, "contoso", "alice")
			m := getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "a new mailbox's eligibility", m.Eligible, false)
			sqlstoretest.WantEqual(t, "a new mailbox's reason", m.Reason, contactsyncv1.SyncStatus_NO_CONSENT)
			sqlstoretest.WantEqual(t, "a new mailbox's LinkedIn folder", m.LinkedInFolder, false)
			sqlstoretest.WantEqual(t, "a new mailbox's seq", m.Seq, 0)
			sqlstoretest.WantSlice(t, "mailboxes after three ensures", mailboxUsers(t, s, "contoso", "", 10), []string{"alice"})

			// Ensuring a mailbox that exists leaves it as it is.
			allow(t, s, "contoso", "alice", at(1))
			ensure(t, s, "contoso", "alice")
			m = getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "eligibility after another ensure", m.Eligible, true)
			sqlstoretest.WantEqual(t, "reason after another ensure", m.Reason, contactsyncv1.SyncStatus_ELIGIBLE)
			sqlstoretest.WantEqual(t, "direction after another ensure", m.Direction, both)
			wantTime(t, "next run after another ensure", m.NextRun, at(1))
		}},
		{Name: "EligibilityGainedOnlyOnTransition", Check: func(t *testing.T, s *store.SQL) {
			gained := setEligibility(t, s, "contoso", "bob", false, contactsyncv1.SyncStatus_NOT_IN_SELECTED_GROUP, both, at(1))
			sqlstoretest.WantEqual(t, "gained by a judgement that denies", gained, false)
			m := getMailbox(t, s, "contoso", "bob")
			sqlstoretest.WantEqual(t, "eligible after a denial", m.Eligible, false)
			sqlstoretest.WantEqual(t, "reason after a denial", m.Reason, contactsyncv1.SyncStatus_NOT_IN_SELECTED_GROUP)
			sqlstoretest.WantEqual(t, "direction after a denial", m.Direction, both)
			wantTime(t, "next run after a denial", m.NextRun, time.Time{})
			sqlstoretest.WantEqual(t, "status state after a denial", m.Status(0).State, contactsyncv1.SyncStatus_NOT_ELIGIBLE)

			gained = allow(t, s, "contoso", "bob", at(2))
			sqlstoretest.WantEqual(t, "gained by the first allowing judgement", gained, true)
			m = getMailbox(t, s, "contoso", "bob")
			sqlstoretest.WantEqual(t, "eligible once allowed", m.Eligible, true)
			sqlstoretest.WantEqual(t, "state once allowed", m.State, contactsyncv1.SyncStatus_QUEUED)
			wantTime(t, "next run once allowed", m.NextRun, at(2))

			// Still eligible: nothing is gained, the run in progress and
			// the next run stay, the direction follows the consent.
			write(t, s, func(tx store.Tx) error { return tx.StartRun(t.Context(), "contoso", "bob") })
			gained = setEligibility(t, s, "contoso", "bob", true, contactsyncv1.SyncStatus_ELIGIBLE, toOrg, at(3))
			sqlstoretest.WantEqual(t, "gained by a judgement that keeps eligibility", gained, false)
			m = getMailbox(t, s, "contoso", "bob")
			sqlstoretest.WantEqual(t, "state after a judgement that keeps eligibility", m.State, contactsyncv1.SyncStatus_RUNNING)
			wantTime(t, "next run after a judgement that keeps eligibility", m.NextRun, at(2))
			sqlstoretest.WantEqual(t, "direction after a judgement that keeps eligibility", m.Direction, toOrg)

			// After a withdrawal, eligibility is gained again.
			withdraw(t, s, withdrawal("contoso", "bob"), at(4))
			gained = allow(t, s, "contoso", "bob", at(5))
			sqlstoretest.WantEqual(t, "gained after a withdrawal", gained, true)
			m = getMailbox(t, s, "contoso", "bob")
			sqlstoretest.WantEqual(t, "state when gained again", m.State, contactsyncv1.SyncStatus_QUEUED)
			wantTime(t, "next run when gained again", m.NextRun, at(5))
		}},
		{Name: "RequestSyncOncePerRun", Check: func(t *testing.T, s *store.SQL) {
			const stale = 30 * time.Minute
			ensure(t, s, "contoso", "bob")
			sqlstoretest.WantEqual(t, "a request for a mailbox not eligible", requestSync(t, s, "contoso", "bob", at(1), stale), false)
			sqlstoretest.WantEqual(t, "a request for a mailbox that does not exist", requestSync(t, s, "contoso", "nobody", at(1), stale), false)

			allow(t, s, "contoso", "alice", at(0))
			sqlstoretest.WantEqual(t, "the first request", requestSync(t, s, "contoso", "alice", at(1), stale), true)
			sqlstoretest.WantEqual(t, "a request while one waits", requestSync(t, s, "contoso", "alice", at(2), stale), false)
			sqlstoretest.WantEqual(t, "state while a run waits", getMailbox(t, s, "contoso", "alice").State, contactsyncv1.SyncStatus_QUEUED)

			// A run started takes the request: the next asks for another
			// run, which stays waiting after this one.
			write(t, s, func(tx store.Tx) error { return tx.StartRun(t.Context(), "contoso", "alice") })
			sqlstoretest.WantEqual(t, "state of a started run", getMailbox(t, s, "contoso", "alice").State, contactsyncv1.SyncStatus_RUNNING)
			sqlstoretest.WantEqual(t, "a request during a run", requestSync(t, s, "contoso", "alice", at(3), stale), true)
			sqlstoretest.WantEqual(t, "state after a request during a run", getMailbox(t, s, "contoso", "alice").State, contactsyncv1.SyncStatus_RUNNING)
			write(t, s, func(tx store.Tx) error { return tx.FinishRun(t.Context(), "contoso", "alice", at(4), at(64)) })
			sqlstoretest.WantEqual(t, "state after a run with another asked for", getMailbox(t, s, "contoso", "alice").State, contactsyncv1.SyncStatus_QUEUED)
			write(t, s, func(tx store.Tx) error { return tx.StartRun(t.Context(), "contoso", "alice") })
			write(t, s, func(tx store.Tx) error { return tx.FinishRun(t.Context(), "contoso", "alice", at(5), at(65)) })
			sqlstoretest.WantEqual(t, "state after the last run", getMailbox(t, s, "contoso", "alice").State, contactsyncv1.SyncStatus_IDLE)

			// A request whose job was lost is asked again once stale.
			sqlstoretest.WantEqual(t, "a request", requestSync(t, s, "contoso", "alice", at(10), stale), true)
			sqlstoretest.WantEqual(t, "a request just before the first is stale", requestSync(t, s, "contoso", "alice", at(10).Add(stale), stale), false)
			sqlstoretest.WantEqual(t, "a request once the first is stale", requestSync(t, s, "contoso", "alice", at(11).Add(stale), stale), true)

			// A withdrawal voids the request: eligible again, the first
			// request queues a run.
			withdraw(t, s, withdrawal("contoso", "alice"), at(12).Add(stale))
			allow(t, s, "contoso", "alice", at(13).Add(stale))
			sqlstoretest.WantEqual(t, "the first request after a withdrawal", requestSync(t, s, "contoso", "alice", at(14).Add(stale), stale), true)
		}},
		{Name: "MailboxesPagedBytewise", Check: func(t *testing.T, s *store.SQL) {
			users := []string{"alice", "Bob", "bob", "Zed", "émile", "_svc", "al", "A"}
			ensure(t, s, "contoso", users...)
			ensure(t, s, "fabrikam", "aaron")
			// Upper case before lower, "_" between, "é" last: byte order,
			// whatever the database's locale.
			want := []string{"A", "Bob", "Zed", "_svc", "al", "alice", "bob", "émile"}
			sqlstoretest.WantSlice(t, "the expected order is Go's", slices.Sorted(slices.Values(users)), want)

			sqlstoretest.WantSlice(t, "all of contoso's mailboxes", mailboxUsers(t, s, "contoso", "", 100), want)
			sqlstoretest.WantSlice(t, "page 1", mailboxUsers(t, s, "contoso", "", 3), []string{"A", "Bob", "Zed"})
			sqlstoretest.WantSlice(t, "page 2", mailboxUsers(t, s, "contoso", "Zed", 3), []string{"_svc", "al", "alice"})
			sqlstoretest.WantSlice(t, "page 3", mailboxUsers(t, s, "contoso", "alice", 3), []string{"bob", "émile"})
			sqlstoretest.WantSlice(t, "after the last", mailboxUsers(t, s, "contoso", "émile", 3), []string{})
			sqlstoretest.WantSlice(t, "after an id not held", mailboxUsers(t, s, "contoso", "B", 2), []string{"Bob", "Zed"})
			sqlstoretest.WantSlice(t, "another tenant's mailboxes", mailboxUsers(t, s, "fabrikam", "", 100), []string{"aaron"})
			sqlstoretest.WantSlice(t, "a tenant without mailboxes", mailboxUsers(t, s, "northwind", "", 100), []string{})
		}},
		{Name: "ConsentedMailboxes", Check: func(t *testing.T, s *store.SQL) {
			ensure(t, s, "contoso", "carol") // consent never known
			allow(t, s, "contoso", "alice", at(1))
			setEligibility(t, s, "contoso", "Bob", false, contactsyncv1.SyncStatus_DISABLED_BY_TENANT, toOrg, at(1))
			allow(t, s, "contoso", "_ops", at(1))
			allow(t, s, "contoso", "dave", at(1))
			dave := withdrawal("contoso", "dave")
			dave.Reason, dave.Direction = contactsyncv1.SyncStatus_NO_CONSENT, typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED
			withdraw(t, s, dave, at(2)) // disconnected
			withdraw(t, s, withdrawal("contoso", "erin"), at(2))
			allow(t, s, "fabrikam", "zed", at(1))

			sqlstoretest.WantSlice(t, "consented mailboxes", consented(t, s, "contoso", "", 100),
				[]string{"Bob", "_ops", "alice", "erin"})
			sqlstoretest.WantSlice(t, "page 1", consented(t, s, "contoso", "", 2), []string{"Bob", "_ops"})
			sqlstoretest.WantSlice(t, "page 2", consented(t, s, "contoso", "_ops", 2), []string{"alice", "erin"})
			sqlstoretest.WantSlice(t, "after the last", consented(t, s, "contoso", "erin", 2), []string{})
			sqlstoretest.WantSlice(t, "another tenant", consented(t, s, "fabrikam", "", 100), []string{"zed"})
		}},
		{Name: "DueMailboxes", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "u3", at(3))
			allow(t, s, "contoso", "u1", at(1))
			allow(t, s, "fabrikam", "u2", at(2))
			allow(t, s, "contoso", "later", at(20))
			setEligibility(t, s, "contoso", "off", false, contactsyncv1.SyncStatus_DISABLED_BY_TENANT, both, at(0))
			allow(t, s, "contoso", "gone", at(0))
			withdraw(t, s, withdrawal("contoso", "gone"), at(0))
			// Due at the same time: by tenant, then user, bytewise.
			allow(t, s, "contoso", "a", at(5))
			allow(t, s, "contoso", "B", at(5))
			allow(t, s, "Adatum", "z", at(5))

			sqlstoretest.WantSlice(t, "due mailboxes", due(t, s, at(10), 100),
				[]string{"contoso/u1", "fabrikam/u2", "contoso/u3", "Adatum/z", "contoso/B", "contoso/a"})
			sqlstoretest.WantSlice(t, "the first due", due(t, s, at(10), 2), []string{"contoso/u1", "fabrikam/u2"})
			sqlstoretest.WantSlice(t, "due at a mailbox's very next run", due(t, s, at(3), 100),
				[]string{"contoso/u1", "fabrikam/u2", "contoso/u3"})
			sqlstoretest.WantSlice(t, "due before any", due(t, s, at(0).Add(-time.Microsecond), 100), []string{})

			write(t, s, func(tx store.Tx) error { return tx.SetNextRun(t.Context(), "contoso", "u1", at(30)) })
			sqlstoretest.WantSlice(t, "due after a run was moved", due(t, s, at(20), 100),
				[]string{"fabrikam/u2", "contoso/u3", "Adatum/z", "contoso/B", "contoso/a", "contoso/later"})
		}},
		{Name: "Tenants", Check: func(t *testing.T, s *store.SQL) {
			tenants, err := s.Tenants(t.Context())
			sqlstoretest.NoErr(t, "Tenants", err)
			sqlstoretest.WantSlice(t, "tenants of an empty store", tenants, nil)

			ensure(t, s, "contoso", "alice", "bob")
			ensure(t, s, "adatum", "carol")
			ensure(t, s, "Fabrikam", "dave", "erin", "frank")
			ensure(t, s, "Zeta", "gina")
			tenants, err = s.Tenants(t.Context())
			sqlstoretest.NoErr(t, "Tenants", err)
			// Each once, in byte order: upper case first.
			sqlstoretest.WantSlice(t, "tenants", tenants, []string{"Fabrikam", "Zeta", "adatum", "contoso"})
		}},
	}
}
