// Package storetest is the conformance suite of the contact-sync store: the
// behaviour every backend must show, checked through the store's API alone,
// so SQLite and PostgreSQL are held to the same contract.
package storetest

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

// testCase is one behaviour, checked on a store of its own.
type testCase = sqlstoretest.Case[*store.SQL]

// caseGroup is a named set of cases, a subtest of Run.
type caseGroup = sqlstoretest.Group[*store.SQL]

// Run checks the stores that open returns. open must return a fresh, empty,
// migrated store and close it in a t.Cleanup of its own; it is called from
// parallel subtests.
func Run(t *testing.T, open func(t *testing.T) *store.SQL) {
	sqlstoretest.Run(t, open,
		caseGroup{Name: "Mailboxes", Cases: mailboxCases()},
		caseGroup{Name: "ApplyPage", Cases: applyPageCases()},
		caseGroup{Name: "OwnContacts", Cases: ownContactCases()},
		caseGroup{Name: "Changes", Cases: changeCases()},
		caseGroup{Name: "Purge", Cases: purgeCases()},
		caseGroup{Name: "Hold", Cases: holdCases()},
		caseGroup{Name: "Tombstones", Cases: tombstoneCases()},
	)
}

// base is the time test data starts from; whole microseconds, the
// precision the store keeps.
var base = time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.UTC)

// at is a distinct, stored-precision time n seconds after base.
func at(n int) time.Time { return base.Add(time.Duration(n) * time.Second) }

// wantTime fails the test unless got is the instant want (both zero, or
// both the same instant).
func wantTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// write runs fn in one transaction and stops the test when it fails.
func write(t *testing.T, s *store.SQL, fn func(tx store.Tx) error) {
	t.Helper()
	sqlstoretest.Write(t, s, fn)
}

// getMailbox reads a mailbox that must exist.
func getMailbox(t *testing.T, s *store.SQL, tenant, user string) *store.Mailbox {
	t.Helper()
	m, err := s.Mailbox(t.Context(), tenant, user)
	if err != nil {
		t.Fatalf("Mailbox %s/%s: %v", tenant, user, err)
	}
	return m
}

// setEligibility records a judgement in a transaction of its own and
// returns whether the mailbox became eligible.
func setEligibility(t *testing.T, s *store.SQL, tenant, user string, eligible bool,
	reason contactsyncv1.SyncStatus_Reason, direction typev1.ConsentDirection, now time.Time) bool {
	t.Helper()
	var gained bool
	write(t, s, func(tx store.Tx) error {
		var err error
		gained, err = tx.SetEligibility(t.Context(), tenant, user, eligible, reason, direction, now)
		return err
	})
	return gained
}

// allow makes a user eligible (consented both ways) at now.
func allow(t *testing.T, s *store.SQL, tenant, user string, now time.Time) bool {
	t.Helper()
	return setEligibility(t, s, tenant, user, true, contactsyncv1.SyncStatus_ELIGIBLE, typev1.ConsentDirection_BIDIRECTIONAL, now)
}

// withdrawal is a user's loss of eligibility to policy, consent kept.
func withdrawal(tenant, user string) store.Withdrawal {
	return store.Withdrawal{Tenant: tenant, User: user, Trigger: contactsyncv1.PurgeJob_POLICY_CHANGE,
		Reason: contactsyncv1.SyncStatus_NOT_IN_SELECTED_GROUP, Direction: typev1.ConsentDirection_BIDIRECTIONAL}
}

// withdraw records w in a transaction of its own and returns the purge job
// it made, if any.
func withdraw(t *testing.T, s *store.SQL, w store.Withdrawal, now time.Time) *contactsyncv1.PurgeJob {
	t.Helper()
	var job *contactsyncv1.PurgeJob
	write(t, s, func(tx store.Tx) error {
		var err error
		job, err = tx.Withdraw(t.Context(), w, now)
		return err
	})
	return job
}

// linkedIn is the user's LinkedIn folder as the service reads it: from
// the mailbox's horizon on.
func linkedIn(t *testing.T, s *store.SQL, tenant, user string) store.View {
	t.Helper()
	m := getMailbox(t, s, tenant, user)
	return store.View{Tenant: tenant, User: user, Folder: store.LinkedInFolder, Since: m.LinkedInHorizon}
}

// ownFolder is the user's own folder.
func ownFolder(tenant, user string) store.View {
	return store.View{Tenant: tenant, User: user, Folder: store.OwnFolder}
}

// contactIDs lists the ids of the contacts v shows, in order.
func contactIDs(t *testing.T, s *store.SQL, v store.View) []string {
	t.Helper()
	contacts, err := s.Contacts(t.Context(), v, "", 10000)
	sqlstoretest.NoErr(t, "Contacts", err)
	ids := []string{}
	for _, c := range contacts {
		ids = append(ids, c.Id)
	}
	return ids
}

// wantContacts fails the test unless v shows exactly want, in id order.
func wantContacts(t *testing.T, s *store.SQL, what string, v store.View, want ...*contactsyncv1.Contact) {
	t.Helper()
	got, err := s.Contacts(t.Context(), v, "", 10000)
	sqlstoretest.NoErr(t, "Contacts", err)
	if len(got) != len(want) {
		t.Errorf("%s: got %d contacts, want %d\n got: %v\nwant: %v", what, len(got), len(want), got, want)
		return
	}
	for i := range got {
		sqlstoretest.WantProto(t, what, got[i], want[i])
	}
}

// changes renders a folder's delta after a change number as "SEQ put ID"
// and "SEQ del ID", in the order Changes returns it.
func changes(t *testing.T, s *store.SQL, v store.View, after int64, limit int) []string {
	t.Helper()
	got, err := s.Changes(t.Context(), v, after, math.MaxInt64, limit)
	sqlstoretest.NoErr(t, "Changes", err)
	out := []string{}
	for _, ch := range got {
		switch {
		case ch.Contact != nil && ch.DeletedID == "":
			out = append(out, fmt.Sprintf("%d put %s", ch.Seq, ch.Contact.Id))
		case ch.Contact == nil && ch.DeletedID != "":
			out = append(out, fmt.Sprintf("%d del %s", ch.Seq, ch.DeletedID))
		default:
			t.Errorf("change %d is neither a contact nor a deletion: %+v", ch.Seq, ch)
		}
	}
	return out
}
