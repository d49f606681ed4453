package contactsync_test

import (
	"net/http"
	"slices"
	"strconv"
	"testing"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/linkedinsim"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// With both-ways consent, the user's own contacts go to LinkedIn's contact
// import after a sync, the whole folder each time it changed.
func TestBothWaysExportsTheOwnFolder(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	nina := h.createContact(alice, &contactsyncv1.Contact{GivenName: "Nina", Surname: "Park",
		EmailAddresses: []*contactsyncv1.Email{{Address: "nina@tailspin.example"}},
		Phones:         []*contactsyncv1.Phone{{Number: "+1 425 555 0199"}}})
	h.createContact(alice, &contactsyncv1.Contact{GivenName: "Omar"})
	h.connect(alice, typev1.ConsentDirection_BIDIRECTIONAL)
	h.waitStatus(alice, "the first sync", func(st *contactsyncv1.SyncStatus) bool {
		return st.State == contactsyncv1.SyncStatus_IDLE && st.LastSuccessTime != nil
	})
	h.wantImported("m-alice", []linkedinsim.ImportedContact{
		{FirstName: "Nina", LastName: "Park", Emails: []string{"nina@tailspin.example"}, Phones: []string{"+1 425 555 0199"}},
		{FirstName: "Omar", Emails: []string{}, Phones: []string{}},
	})

	change := &contactsyncv1.Contact{Id: nina.Id, Surname: "Park-Lee"}
	if _, err := h.sync.UpdateContact(alice, &contactsyncv1.UpdateContactRequest{Folder: "contacts", Contact: change,
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"surname"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.sync.DeleteContact(alice, &contactsyncv1.DeleteContactRequest{Folder: "contacts", Contact: nina.Id}); err != nil {
		t.Fatal(err)
	}
	h.syncNow(alice)
	h.wantImported("m-alice", []linkedinsim.ImportedContact{{FirstName: "Omar", Emails: []string{}, Phones: []string{}}})

	// One way only: nothing of bob's goes to LinkedIn.
	bob := h.as("contoso", "bob")
	h.createContact(bob, &contactsyncv1.Contact{GivenName: "Pat"})
	h.connectAndSync(bob)
	h.wantImported("m-bob", nil)
}

// wantImported checks what the organization imported for member, in any
// order.
func (h *harness) wantImported(member string, want []linkedinsim.ImportedContact) {
	h.t.Helper()
	var got struct {
		Contacts []linkedinsim.ImportedContact `json:"contacts"`
	}
	h.simCall(http.MethodGet, "/sim/members/"+member+"/contactImports", nil, http.StatusOK, &got)
	key := func(c linkedinsim.ImportedContact) string { return c.FirstName + " " + c.LastName }
	slices.SortFunc(got.Contacts, func(a, b linkedinsim.ImportedContact) int { return compareStrings(key(a), key(b)) })
	if len(got.Contacts) != len(want) {
		h.t.Fatalf("%s's imported contacts: %+v, want %+v", member, got.Contacts, want)
	}
	for i := range want {
		g, w := got.Contacts[i], want[i]
		if key(g) != key(w) || !slices.Equal(g.Emails, w.Emails) || !slices.Equal(g.Phones, w.Phones) {
			h.t.Fatalf("%s's imported contacts: %+v, want %+v", member, got.Contacts, want)
		}
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// A member who hides their profile from Microsoft apps leaves their
// connections' folders, and comes back when they show it again.
func TestHiddenMemberLeavesTheFolder(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	h.connectAndSync(alice)
	frank := h.bySource(h.contacts(alice, "linkedin"))["m-frank"]

	h.setVisible("m-frank", false)
	if st := h.syncNow(alice); st.LastDeleted != 1 || st.ContactCount != 3 {
		t.Fatalf("status after frank hid: %v", st)
	}
	if _, ok := h.bySource(h.contacts(alice, "linkedin"))["m-frank"]; ok {
		t.Fatal("frank is still in the folder")
	}
	h.setVisible("m-frank", true)
	if st := h.syncNow(alice); st.LastAdded != 1 || st.ContactCount != 4 {
		t.Fatalf("status after frank showed again: %v", st)
	}
	if back := h.bySource(h.contacts(alice, "linkedin"))["m-frank"]; back == nil || back.Id != frank.Id || back.Etag != frank.Etag {
		t.Fatalf("frank back: %v, was %v", back, frank)
	}
}

func (h *harness) setVisible(member string, visible bool) {
	h.t.Helper()
	h.simCall(http.MethodPatch, "/sim/members/"+member, map[string]any{"visibleInMicrosoftApps": visible}, http.StatusOK, nil)
}

// The tenant-wide lists page through everything once, in their order.
func TestTenantListsPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, u := range []string{"alice", "bob", "carol"} {
		h.createContact(h.as("contoso", u), &contactsyncv1.Contact{GivenName: "Own"})
	}
	h.connectAndSync(h.alice())
	h.connectAndSync(h.as("contoso", "bob"))
	h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_DISABLED}, "mode")
	for _, u := range []string{"alice", "bob"} {
		h.eventually(u+"'s purge done", func() (bool, string) {
			job := h.purgeJobOf(u)
			return job != nil && job.State == contactsyncv1.PurgeJob_DONE, ""
		})
	}

	var users []string
	for token, pages := "", 0; ; pages++ {
		r, err := h.sync.ListContactSyncStatuses(h.admin(), &contactsyncv1.ListContactSyncStatusesRequest{Tenant: "contoso", PageSize: 1, PageToken: token})
		if err != nil || len(r.Statuses) > 1 || pages > 4 {
			t.Fatalf("statuses page %d: %v, %v", pages, r, err)
		}
		for _, st := range r.Statuses {
			users = append(users, st.User)
		}
		if token = r.NextPageToken; token == "" {
			break
		}
	}
	if !slices.Equal(users, []string{"alice", "bob", "carol"}) {
		t.Fatalf("statuses of %v", users)
	}

	all, err := h.sync.ListPurgeJobs(h.admin(), &contactsyncv1.ListPurgeJobsRequest{Tenant: "contoso"})
	if err != nil || len(all.Jobs) != 2 || all.NextPageToken != "" {
		t.Fatalf("purge jobs: %v, %v", all, err)
	}
	var paged []string
	for token, pages := "", 0; ; pages++ {
		r, err := h.sync.ListPurgeJobs(h.admin(), &contactsyncv1.ListPurgeJobsRequest{Tenant: "contoso", PageSize: 1, PageToken: token})
		if err != nil || len(r.Jobs) > 1 || pages > 3 {
			t.Fatalf("purge jobs page %d: %v, %v", pages, r, err)
		}
		for _, j := range r.Jobs {
			paged = append(paged, j.Id)
		}
		if token = r.NextPageToken; token == "" {
			break
		}
	}
	newer, _ := strconv.ParseInt(all.Jobs[0].Id, 10, 64)
	older, _ := strconv.ParseInt(all.Jobs[1].Id, 10, 64)
	if !slices.Equal(paged, []string{all.Jobs[0].Id, all.Jobs[1].Id}) || newer <= older {
		t.Fatalf("paged purge jobs %v, listed %v (newest first)", paged, all.Jobs)
	}
}
