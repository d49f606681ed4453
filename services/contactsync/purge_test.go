package contactsync_test

import (
	"context"
	"fmt"
	"testing"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// Each way a user loses eligibility takes the LinkedIn folder away at once
// and purges it, with a purge job that says why; the user's own contacts
// stay.
func TestPurgeOnLossOfEligibility(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		lose    func(h *harness)
		trigger contactsyncv1.PurgeJob_Trigger
		reason  contactsyncv1.SyncStatus_Reason
	}{
		{"the tenant says No", func(h *harness) {
			h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_DISABLED}, "mode")
		}, contactsyncv1.PurgeJob_POLICY_CHANGE, contactsyncv1.SyncStatus_DISABLED_BY_TENANT},

		{"alice leaves the selected group", func(h *harness) {
			// The pilot group holds alice through pilot-core: she stays
			// eligible when it is selected, and loses it when she leaves.
			h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "pilot"}, "mode", "selected_group")
			h.wantStillSynced(h.alice(), 4)
			if _, err := h.policy.RemoveGroupMember(h.admin(), &policyv1.RemoveGroupMemberRequest{Tenant: "contoso", Group: "pilot-core", Member: "users/alice"}); err != nil {
				h.t.Fatal(err)
			}
		}, contactsyncv1.PurgeJob_POLICY_CHANGE, contactsyncv1.SyncStatus_NOT_IN_SELECTED_GROUP},

		{"a group alice is not in is selected", func(h *harness) {
			if _, err := h.policy.CreateGroup(h.admin(), &policyv1.CreateGroupRequest{Tenant: "contoso", Group: &policyv1.Group{
				Id: "sales-pilot", DisplayName: "Sales pilot", Type: policyv1.GroupType_SECURITY,
			}}); err != nil {
				h.t.Fatal(err)
			}
			h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "sales-pilot"}, "mode", "selected_group")
		}, contactsyncv1.PurgeJob_POLICY_CHANGE, contactsyncv1.SyncStatus_NOT_IN_SELECTED_GROUP},

		{"alice's mailbox policy switches contact sync off", func(h *harness) {
			off := false
			if _, err := h.policy.CreateMailboxPolicy(h.admin(), &policyv1.CreateMailboxPolicyRequest{Tenant: "contoso", Policy: &policyv1.MailboxPolicy{
				Id: "no-linkedin-contacts", LinkedinContactSyncEnabled: &off,
			}}); err != nil {
				h.t.Fatal(err)
			}
			h.wantStillSynced(h.alice(), 4) // a policy nobody follows changes nothing
			if _, err := h.policy.UpdateUser(h.admin(), &policyv1.UpdateUserRequest{Tenant: "contoso",
				User: &policyv1.User{Id: "alice", MailboxPolicy: "no-linkedin-contacts"}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mailbox_policy"}}}); err != nil {
				h.t.Fatal(err)
			}
		}, contactsyncv1.PurgeJob_POLICY_CHANGE, contactsyncv1.SyncStatus_DISABLED_BY_MAILBOX_POLICY},

		{"alice disconnects", func(h *harness) {
			if _, err := h.consent.Disconnect(h.alice(), &consentv1.DisconnectRequest{}); err != nil {
				h.t.Fatal(err)
			}
		}, contactsyncv1.PurgeJob_CONSENT_CHANGE, contactsyncv1.SyncStatus_NO_CONSENT},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			alice := h.alice()
			own := h.createContact(alice, &contactsyncv1.Contact{GivenName: "Kept"})
			h.connectAndSync(alice)
			h.connectAndSyncOther(h.as("contoso", "bob"), 3)

			c.lose(h)
			h.wantPurged(alice, "alice", 4, c.trigger, c.reason)

			// Her own contacts stay; bob, who lost nothing, keeps his
			// folder, unless the tenant's change took it from him too.
			if got := h.contacts(alice, "contacts"); len(got) != 1 || !proto.Equal(got[0], own) {
				t.Fatalf("alice's own contacts after the purge: %v", got)
			}
			if c.reason == contactsyncv1.SyncStatus_DISABLED_BY_TENANT || c.reason == contactsyncv1.SyncStatus_NOT_IN_SELECTED_GROUP {
				h.wantPurged(h.as("contoso", "bob"), "bob", 3, c.trigger, c.reason)
			} else {
				h.wantStillSynced(h.as("contoso", "bob"), 3)
			}
			// Alice may not ask for a sync now; she is told why.
			_, err := h.sync.RunMyContactSync(alice, &contactsyncv1.RunMyContactSyncRequest{})
			if status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("RunMyContactSync after the purge: %v", err)
			}
		})
	}
}

// Once the tenant says Yes again, alice's status says what she lacks now:
// her consent, revoked with the No. Connected again, she syncs afresh, and
// a delta token from before the purge is refused as expired.
func TestEligibleAgainAfterAPurge(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	h.connectAndSync(alice)
	old := h.deltaAll(alice, "linkedin", 0).syncToken

	h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_DISABLED}, "mode")
	h.wantPurged(alice, "alice", 4, contactsyncv1.PurgeJob_POLICY_CHANGE, contactsyncv1.SyncStatus_DISABLED_BY_TENANT)
	h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_ENABLED}, "mode")
	h.waitStatus(alice, "the reason after the tenant's Yes", func(st *contactsyncv1.SyncStatus) bool {
		return st.State == contactsyncv1.SyncStatus_NOT_ELIGIBLE && st.Reason == contactsyncv1.SyncStatus_NO_CONSENT
	})

	purged := h.status(alice).LastSuccessTime.AsTime()
	h.connect(alice, oneWay)
	st := h.waitStatus(alice, "the sync after connecting again", func(st *contactsyncv1.SyncStatus) bool {
		return st.State == contactsyncv1.SyncStatus_IDLE && st.LastSuccessTime.AsTime().After(purged)
	})
	if st.Reason != contactsyncv1.SyncStatus_ELIGIBLE || st.ContactCount != 4 || st.LastAdded != 4 {
		t.Fatalf("status after connecting again: %v", st)
	}
	h.wantFolderMatchesNetwork(alice, "m-alice")
	_, err := h.sync.DeltaContacts(alice, &contactsyncv1.DeltaContactsRequest{Folder: "linkedin", SyncToken: old})
	if status.Code(err) != codes.FailedPrecondition || errorReason(err) != "SYNC_TOKEN_EXPIRED" {
		t.Fatalf("a delta token from before the purge: %v (%s)", err, errorReason(err))
	}
	if d := h.deltaAll(alice, "linkedin", 0); len(d.contacts) != 4 || len(d.deleted) != 0 {
		t.Fatalf("a delta without a token after the purge: %d contacts, deleted %v", len(d.contacts), d.deleted)
	}
	if job := h.purgeJobOf("alice"); job.State != contactsyncv1.PurgeJob_DONE {
		t.Fatalf("the purge job: %v", job)
	}
}

// --- helpers ---

func (h *harness) setLinkedIn(s *policyv1.LinkedInSettings, paths ...string) {
	h.t.Helper()
	_, err := h.policy.UpdateLinkedInSettings(h.admin(), &policyv1.UpdateLinkedInSettingsRequest{
		Tenant: "contoso", Settings: s, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths},
	})
	if err != nil {
		h.t.Fatal(err)
	}
}

// connectAndSyncOther connects another user and waits for their first
// sync to hold n contacts.
func (h *harness) connectAndSyncOther(ctx context.Context, n int64) {
	h.t.Helper()
	if st := h.connectAndSync(ctx); st.ContactCount != n {
		h.t.Fatalf("first sync: %v, want %d contacts", st, n)
	}
}

// wantStillSynced checks ctx's user keeps a LinkedIn folder of n contacts
// once every change so far has been followed: policy's and consent's
// streams are behind a sync asked for now (a sync checks eligibility
// first).
func (h *harness) wantStillSynced(ctx context.Context, n int) {
	h.t.Helper()
	st := h.syncNow(ctx)
	if st.Reason != contactsyncv1.SyncStatus_ELIGIBLE || st.ContactCount != int64(n) || len(h.contacts(ctx, "linkedin")) != n {
		h.t.Fatalf("status: %v, want %d contacts still synced", st, n)
	}
}

// wantPurged waits for ctx's user (user) to lose the LinkedIn folder, then
// for the purge job of n contacts to finish, and checks what they say.
func (h *harness) wantPurged(ctx context.Context, user string, n int64, trigger contactsyncv1.PurgeJob_Trigger, reason contactsyncv1.SyncStatus_Reason) {
	h.t.Helper()
	h.eventually(user+"'s LinkedIn folder gone", func() (bool, string) {
		_, err := h.sync.ListContacts(ctx, &contactsyncv1.ListContactsRequest{Folder: "linkedin"})
		return status.Code(err) == codes.NotFound, fmt.Sprint(err)
	})
	if _, err := h.sync.GetContact(ctx, &contactsyncv1.GetContactRequest{Folder: "linkedin", Contact: "li-x"}); status.Code(err) != codes.NotFound {
		h.t.Fatalf("reading a contact of the folder gone: %v", err)
	}
	folders, err := h.sync.ListContactFolders(ctx, &contactsyncv1.ListContactFoldersRequest{})
	if err != nil || len(folders.Folders) != 1 || folders.Folders[0].Id != "contacts" {
		h.t.Fatalf("%s's folders after losing the LinkedIn one: %v, %v", user, folders, err)
	}
	var job *contactsyncv1.PurgeJob
	h.eventually(user+"'s purge done", func() (bool, string) {
		job = h.purgeJobOf(user)
		return job != nil && job.State == contactsyncv1.PurgeJob_DONE, fmt.Sprint(job)
	})
	if job.Total != n || job.Deleted != n || job.Trigger != trigger || job.Reason != reason ||
		job.Tenant != "contoso" || job.Error != "" || job.StartTime == nil || job.EndTime == nil {
		h.t.Fatalf("%s's purge job: %v; want %d of %d deleted, %v, %v", user, job, n, n, trigger, reason)
	}
	got, err := h.sync.GetPurgeJob(h.admin(), &contactsyncv1.GetPurgeJobRequest{Tenant: "contoso", Job: job.Id})
	if err != nil || !proto.Equal(got.Job, job) {
		h.t.Fatalf("GetPurgeJob %s: %v, %v; want %v", job.Id, got, err, job)
	}
	st := h.status(ctx)
	if st.State != contactsyncv1.SyncStatus_NOT_ELIGIBLE || st.Reason != reason || st.ContactCount != 0 {
		h.t.Fatalf("%s's status after the purge: %v, want NOT_ELIGIBLE %v", user, st, reason)
	}
	count, err := h.sync.CountSyncedContacts(h.admin(), &contactsyncv1.CountSyncedContactsRequest{Tenant: "contoso", Users: []string{user}})
	if err != nil || count.Contacts != 0 {
		h.t.Fatalf("synced contacts of %s counted after the purge: %v, %v", user, count, err)
	}
}

// purgeJobOf is user's only purge job, as a TenantAdmin lists them; nil
// when none.
func (h *harness) purgeJobOf(user string) *contactsyncv1.PurgeJob {
	h.t.Helper()
	r, err := h.sync.ListPurgeJobs(h.admin(), &contactsyncv1.ListPurgeJobsRequest{Tenant: "contoso"})
	if err != nil {
		h.t.Fatalf("ListPurgeJobs: %v", err)
	}
	var mine *contactsyncv1.PurgeJob
	for _, j := range r.Jobs {
		if j.User == user {
			if mine != nil {
				h.t.Fatalf("%s has two purge jobs: %v and %v", user, mine, j)
			}
			mine = j
		}
	}
	return mine
}
