package contactsync_test

import (
	"testing"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
)

// Contact-sync follows consent and policy from cursors in its own
// database: what happens while it is down is handled once it is back.
func TestRestartResumesFollowing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice, bob := h.alice(), h.as("contoso", "bob")
	h.connectAndSync(alice)
	before := h.status(alice)

	h.stopSync()
	if _, err := h.consent.Disconnect(alice, &consentv1.DisconnectRequest{}); err != nil {
		t.Fatal(err)
	}
	h.connect(bob, oneWay)
	h.startSync()

	h.wantPurged(alice, "alice", 4, contactsyncv1.PurgeJob_CONSENT_CHANGE, contactsyncv1.SyncStatus_NO_CONSENT)
	st := h.waitStatus(bob, "bob's first sync after the restart", func(st *contactsyncv1.SyncStatus) bool {
		return st.State == contactsyncv1.SyncStatus_IDLE && st.LastSuccessTime != nil
	})
	if st.ContactCount != 3 || st.LastAdded != 3 {
		t.Fatalf("bob's status: %v", st)
	}
	// Alice's grant was handled before the stop: following on from the
	// cursor, it was not applied again (no second sync of hers ran).
	if after := h.status(alice); !after.LastSuccessTime.AsTime().Equal(before.LastSuccessTime.AsTime()) {
		t.Fatalf("alice synced again after the restart: %v, before %v", after, before)
	}

	// Stopped again and started, with nothing new: nothing changes.
	h.stopSync()
	h.startSync()
	if st := h.syncNow(bob); st.ContactCount != 3 || st.LastAdded+st.LastUpdated+st.LastDeleted != 0 {
		t.Fatalf("bob after a second restart: %v", st)
	}
	if job := h.purgeJobOf("alice"); job.State != contactsyncv1.PurgeJob_DONE {
		t.Fatalf("alice's purge job after a second restart: %v", job)
	}
	if job := h.purgeJobOf("bob"); job != nil {
		t.Fatalf("bob was purged: %v", job)
	}
}
