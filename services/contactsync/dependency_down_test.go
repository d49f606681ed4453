package contactsync_test

import (
	"testing"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// With consent down, a run cannot check the user's consent: it fails
// visibly (FAILED, with the error) and touches nothing; a policy change
// still withdraws at once, without consent.
func TestConsentDownFailsTheRunVisiblyAndWithdrawalsStillHappen(t *testing.T) {
	h := newHarness(t)
	alice := h.alice()
	before := h.connectAndSync(alice)
	h.stopConsent()

	if _, err := h.sync.RunMyContactSync(alice, &contactsyncv1.RunMyContactSyncRequest{}); err != nil {
		t.Fatal(err)
	}
	st := h.waitStatus(alice, "the run failed visibly", func(st *contactsyncv1.SyncStatus) bool {
		return st.State == contactsyncv1.SyncStatus_FAILED && st.LastError != ""
	})
	if st.ContactCount != before.ContactCount {
		t.Errorf("status %v: the folder changed, want %d contacts", st, before.ContactCount)
	}

	h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_DISABLED}, "mode")
	h.eventually("the folder gone", func() (bool, string) {
		_, err := h.sync.ListContacts(alice, &contactsyncv1.ListContactsRequest{Folder: "linkedin"})
		return status.Code(err) == codes.NotFound, status.Convert(err).Message()
	})
	h.waitStatus(alice, "not eligible", func(st *contactsyncv1.SyncStatus) bool {
		return st.State == contactsyncv1.SyncStatus_NOT_ELIGIBLE && st.Reason == contactsyncv1.SyncStatus_DISABLED_BY_TENANT
	})
}
