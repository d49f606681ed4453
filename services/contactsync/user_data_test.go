package contactsync_test

import (
	"testing"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

// TestExportHoldsEverythingStored: a data-subject export lists every
// contact stored, the LinkedIn folder's included while it is hidden from
// its user and waiting for its purge.
func TestExportHoldsEverythingStored(t *testing.T) {
	h := newHarness(t)
	alice := h.alice()
	synced := h.connectAndSync(alice)
	h.createContact(alice, &contactsyncv1.Contact{GivenName: "Nina"})
	export := func() []*contactsyncv1.Contact {
		t.Helper()
		resp, err := h.sync.ExportUserContacts(h.admin(), &contactsyncv1.ExportUserContactsRequest{Tenant: "contoso", User: "alice"})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Contacts
	}
	all := len(export())
	if all != int(synced.ContactCount)+1 {
		t.Fatalf("export of %d contacts, want the %d synced and 1 own", all, synced.ContactCount)
	}
	// The folder is withdrawn (hidden at once) and no purge runs yet: the
	// store is written directly, without queueing the purge's job.
	st, err := store.Open(t.Context(), h.settings.DatabaseURL, false)
	if err != nil {
		t.Fatal(err)
	}
	err = st.Write(t.Context(), func(tx store.Tx) error {
		_, err := tx.Withdraw(t.Context(), store.Withdrawal{Tenant: "contoso", User: "alice",
			Trigger: contactsyncv1.PurgeJob_POLICY_CHANGE, Reason: contactsyncv1.SyncStatus_DISABLED_BY_MAILBOX_POLICY,
			Direction: typev1.ConsentDirection_BIDIRECTIONAL}, synced.LastSuccessTime.AsTime())
		return err
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	folders, err := h.sync.ListContactFolders(alice, &contactsyncv1.ListContactFoldersRequest{})
	if err != nil || len(folders.Folders) != 1 {
		t.Fatalf("alice sees folders %v (%v), want her own only", folders, err)
	}
	if n := len(export()); n != all {
		t.Errorf("export of %d contacts with the LinkedIn folder hidden, want the %d still stored", n, all)
	}
}
