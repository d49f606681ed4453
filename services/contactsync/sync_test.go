package contactsync_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/linkedinsim"
	"google.golang.org/protobuf/proto"
)

// changeAlicesNetwork makes one of each change to alice's connections:
// grace connects, bob disconnects, dana moves job and phone.
func (h *harness) changeAlicesNetwork() {
	h.t.Helper()
	h.simConnect("m-alice", "m-grace")
	h.simDisconnect("m-alice", "m-bob")
	h.simCall(http.MethodPatch, "/sim/members/m-dana", map[string]any{
		"position": linkedinsim.Position{Title: "Chief Procurement Officer", Company: "Fabrikam"},
		"phones":   []linkedinsim.Phone{{Type: "mobile", Number: "+1 720 555 0999"}},
	}, http.StatusOK, nil)
}

func TestIncrementalSync(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	h.connectAndSync(alice)
	before := h.bySource(h.contacts(alice, "linkedin"))
	token := h.deltaAll(alice, "linkedin", 2).syncToken

	h.changeAlicesNetwork()
	st := h.syncNow(alice)
	if st.LastAdded != 1 || st.LastUpdated != 1 || st.LastDeleted != 1 || st.ContactCount != 4 || st.LastError != "" {
		t.Fatalf("status after the changes: %v", st)
	}
	h.wantFolderMatchesNetwork(alice, "m-alice")
	after := h.bySource(h.contacts(alice, "linkedin"))
	if _, ok := after["m-bob"]; ok {
		t.Fatal("bob is still in the folder")
	}
	dana := after["m-dana"]
	if dana.JobTitle != "Chief Procurement Officer" || dana.Etag == before["m-dana"].Etag ||
		dana.Id != before["m-dana"].Id || !dana.UpdateTime.AsTime().After(before["m-dana"].UpdateTime.AsTime()) {
		t.Fatalf("dana after her edit: %v (before %v)", dana, before["m-dana"])
	}
	for _, id := range []string{"m-erin", "m-frank"} {
		if !proto.Equal(after[id], before[id]) {
			t.Errorf("%s changed although the network did not: %v -> %v", id, before[id], after[id])
		}
	}

	// The client's delta since the token: grace and dana changed, bob
	// went, page by page.
	delta := h.deltaFrom(alice, "linkedin", token, 1)
	if got := sorted(sources(delta.contacts)); !slices.Equal(got, []string{"m-dana", "m-grace"}) {
		t.Fatalf("delta changed %v, want dana and grace", got)
	}
	if !slices.Equal(delta.deleted, []string{before["m-bob"].Id}) {
		t.Fatalf("delta deleted %v, want bob's %s", delta.deleted, before["m-bob"].Id)
	}
	if delta.pages < 3 {
		t.Fatalf("three changes at one a page came in %d pages", delta.pages)
	}
	// Nothing since the new token.
	if again := h.deltaFrom(alice, "linkedin", delta.syncToken, 0); len(again.contacts)+len(again.deleted) != 0 {
		t.Fatalf("a delta with no changes since: %v %v", again.contacts, again.deleted)
	}
}

func TestSyncWithoutChangesChangesNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	h.connectAndSync(alice)
	before := h.contacts(alice, "linkedin")
	token := h.deltaAll(alice, "linkedin", 0).syncToken

	// Nothing changed at all, then only what the folder does not keep
	// (bob's headline): the feed names bob, his contact stays as it is.
	st := h.syncNow(alice)
	if st.LastAdded != 0 || st.LastUpdated != 0 || st.LastDeleted != 0 || st.ContactCount != 4 {
		t.Fatalf("status after a sync without changes: %v", st)
	}
	h.simCall(http.MethodPatch, "/sim/members/m-bob", map[string]any{"headline": "Now selling to the stars"}, http.StatusOK, nil)
	st = h.syncNow(alice)
	if st.LastAdded != 0 || st.LastUpdated != 0 || st.LastDeleted != 0 || st.ContactCount != 4 {
		t.Fatalf("status after a change the folder does not keep: %v", st)
	}
	if after := h.contacts(alice, "linkedin"); !protoSliceEqual(before, after) {
		t.Fatalf("contacts changed:\nbefore %v\nafter  %v", before, after)
	}
	if d := h.deltaFrom(alice, "linkedin", token, 0); len(d.contacts)+len(d.deleted) != 0 {
		t.Fatalf("the client delta reports %v and deletions %v", d.contacts, d.deleted)
	}
}

func TestDeltaOfTheOwnFolder(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	first := h.createContact(alice, &contactsyncv1.Contact{GivenName: "One"})
	initial := h.deltaAll(alice, "contacts", 0)
	if len(initial.contacts) != 1 || initial.contacts[0].Id != first.Id || len(initial.deleted) != 0 {
		t.Fatalf("initial delta: %v %v", initial.contacts, initial.deleted)
	}
	second := h.createContact(alice, &contactsyncv1.Contact{GivenName: "Two"})
	third := h.createContact(alice, &contactsyncv1.Contact{GivenName: "Three"})
	if _, err := h.sync.DeleteContact(alice, &contactsyncv1.DeleteContactRequest{Folder: "contacts", Contact: first.Id}); err != nil {
		t.Fatal(err)
	}
	d := h.deltaFrom(alice, "contacts", initial.syncToken, 2)
	if got := ids(d.contacts); !slices.Equal(got, []string{second.Id, third.Id}) || !slices.Equal(d.deleted, []string{first.Id}) {
		t.Fatalf("delta: changed %v deleted %v; want %v and %v", got, d.deleted, []string{second.Id, third.Id}, first.Id)
	}
	if d.pages != 2 {
		t.Fatalf("three changes at two a page came in %d pages", d.pages)
	}
}

func TestBadDeltaTokens(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	h.createContact(alice, &contactsyncv1.Contact{GivenName: "One"})
	h.createContact(alice, &contactsyncv1.Contact{GivenName: "Two"})
	own := h.deltaAll(alice, "contacts", 0).syncToken
	page, err := h.sync.DeltaContacts(alice, &contactsyncv1.DeltaContactsRequest{Folder: "contacts", PageSize: 1})
	if err != nil || page.NextPageToken == "" {
		t.Fatalf("first page: %v, %v", page, err)
	}
	for _, c := range []struct {
		name, field string
		req         *contactsyncv1.DeltaContactsRequest
	}{
		{"garbage", "sync_token", &contactsyncv1.DeltaContactsRequest{Folder: "contacts", SyncToken: "garbage!"}},
		{"made up", "sync_token", &contactsyncv1.DeltaContactsRequest{Folder: "contacts", SyncToken: b64("sync:contacts:x:0")}},
		{"negative", "sync_token", &contactsyncv1.DeltaContactsRequest{Folder: "contacts", SyncToken: b64("sync:contacts:-1:0")}},
		{"an old form", "sync_token", &contactsyncv1.DeltaContactsRequest{Folder: "contacts", SyncToken: b64("sync:contacts:1")}},
		{"a generation the folder has not", "sync_token", &contactsyncv1.DeltaContactsRequest{Folder: "contacts", SyncToken: b64("sync:contacts:1:3")}},
		{"ahead of the folder", "sync_token", &contactsyncv1.DeltaContactsRequest{Folder: "contacts", SyncToken: b64("sync:contacts:999:0")}},
		{"another folder's", "sync_token", &contactsyncv1.DeltaContactsRequest{Folder: "linkedin", SyncToken: own}},
		{"a page token as sync token", "sync_token", &contactsyncv1.DeltaContactsRequest{Folder: "contacts", SyncToken: page.NextPageToken}},
		{"a sync token as page token", "page_token", &contactsyncv1.DeltaContactsRequest{Folder: "contacts", PageToken: own}},
		{"both", "page_token", &contactsyncv1.DeltaContactsRequest{Folder: "contacts", SyncToken: own, PageToken: page.NextPageToken}},
	} {
		_, err := h.sync.DeltaContacts(alice, c.req)
		wantInvalid(t, c.name, err, c.field)
	}
}

func TestExpiredFeedTokenResyncsInFull(t *testing.T) {
	t.Parallel()
	// Every sync token of the network has expired by the time it is used.
	h := newHarness(t, func(s *linkedinsim.Settings) { s.SyncTokenTTL = time.Nanosecond })
	alice := h.alice()
	h.connectAndSync(alice)
	before := h.bySource(h.contacts(alice, "linkedin"))
	token := h.deltaAll(alice, "linkedin", 0).syncToken
	gone := h.feed.count(http.StatusGone)

	h.changeAlicesNetwork()
	st := h.syncNow(alice)
	if h.feed.count(http.StatusGone) == gone {
		t.Fatal("the network never said the token expired")
	}
	if st.State != contactsyncv1.SyncStatus_IDLE || st.LastError != "" || st.ContactCount != 4 ||
		st.LastAdded != 1 || st.LastUpdated != 1 || st.LastDeleted != 1 {
		t.Fatalf("status after the full resync: %v", st)
	}
	h.wantFolderMatchesNetwork(alice, "m-alice")
	after := h.bySource(h.contacts(alice, "linkedin"))
	for _, id := range []string{"m-erin", "m-frank"} {
		if !proto.Equal(after[id], before[id]) {
			t.Errorf("the full listing rewrote %s: %v -> %v", id, before[id], after[id])
		}
	}
	// The client's delta sees the changes, not a new folder.
	d := h.deltaFrom(alice, "linkedin", token, 0)
	if got := sorted(sources(d.contacts)); !slices.Equal(got, []string{"m-dana", "m-grace"}) || !slices.Equal(d.deleted, []string{before["m-bob"].Id}) {
		t.Fatalf("delta after the full resync: changed %v, deleted %v", got, d.deleted)
	}

	// Again, with nothing changed: the same contacts, none rewritten.
	st = h.syncNow(alice)
	if st.LastAdded+st.LastUpdated+st.LastDeleted != 0 {
		t.Fatalf("a full resync without changes: %v", st)
	}
	if again := h.bySource(h.contacts(alice, "linkedin")); len(again) != 4 || !proto.Equal(again["m-grace"], after["m-grace"]) {
		t.Fatalf("after a second resync: %v", again)
	}
}

func TestThrottledSyncCompletes(t *testing.T) {
	t.Parallel()
	// One entry a page, two calls a second: the sync is refused again and
	// again with 429 and Retry-After.
	h := newHarness(t, func(s *linkedinsim.Settings) { s.RateLimit, s.PageSize = 2, 1 })
	alice := h.alice()
	h.connect(alice, oneWay)
	var states []contactsyncv1.SyncStatus_State
	st := h.waitStatus(alice, "the throttled first sync", func(st *contactsyncv1.SyncStatus) bool {
		if len(states) == 0 || states[len(states)-1] != st.State {
			states = append(states, st.State)
		}
		return st.State == contactsyncv1.SyncStatus_IDLE && st.LastSuccessTime != nil
	})
	if slices.Contains(states, contactsyncv1.SyncStatus_FAILED) || st.LastError != "" {
		t.Fatalf("throttling failed the sync: states %v, error %q", states, st.LastError)
	}
	if h.feed.count(http.StatusTooManyRequests) == 0 {
		t.Fatal("the network never throttled the sync")
	}
	if st.ContactCount != 4 || st.LastAdded != 4 {
		t.Fatalf("status: %v", st)
	}
	h.wantFolderMatchesNetwork(alice, "m-alice")
}

func TestLinkedInDown(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	h.connectAndSync(alice)
	before := h.contacts(alice, "linkedin")

	// Down: the sync fails, says why, and changes nothing; once LinkedIn
	// is back, the queue's retry succeeds.
	h.simFaults(linkedinsim.Faults{ErrorRate: 1, Paths: "/v2/connections"})
	h.simConnect("m-alice", "m-grace")
	failed := h.failSync(alice)
	if during := h.contacts(alice, "linkedin"); !protoSliceEqual(before, during) {
		t.Fatalf("a failed sync changed the folder: %v", during)
	}
	h.simClearFaults()
	st := h.waitStatus(alice, "the queue's retry", func(st *contactsyncv1.SyncStatus) bool {
		return st.State == contactsyncv1.SyncStatus_IDLE && st.LastSuccessTime.AsTime().After(failed.LastAttemptTime.AsTime())
	})
	if st.LastError != "" || st.ContactCount != 5 {
		t.Fatalf("status after the retry: %v", st)
	}
	h.wantFolderMatchesNetwork(alice, "m-alice")

	// Down again: asked again once it is back, the sync runs at once,
	// whatever the queue's backoff.
	h.simFaults(linkedinsim.Faults{ErrorRate: 1, Paths: "/v2/connections"})
	h.simDisconnect("m-alice", "m-erin")
	failed = h.failSync(alice)
	h.simClearFaults()
	if _, err := h.sync.RunMyContactSync(alice, &contactsyncv1.RunMyContactSyncRequest{}); err != nil {
		t.Fatal(err)
	}
	st = h.waitStatus(alice, "the sync asked for again", func(st *contactsyncv1.SyncStatus) bool {
		return st.State == contactsyncv1.SyncStatus_IDLE && st.LastSuccessTime.AsTime().After(failed.LastAttemptTime.AsTime())
	})
	if st.LastError != "" || st.ContactCount != 4 {
		t.Fatalf("status after asking again: %v", st)
	}
	h.wantFolderMatchesNetwork(alice, "m-alice")
}

// failSync asks for a sync of ctx's user while LinkedIn fails, and returns
// the FAILED status it leads to.
func (h *harness) failSync(ctx context.Context) *contactsyncv1.SyncStatus {
	h.t.Helper()
	if _, err := h.sync.RunMyContactSync(ctx, &contactsyncv1.RunMyContactSyncRequest{}); err != nil {
		h.t.Fatal(err)
	}
	st := h.waitStatus(ctx, "the sync failing", func(st *contactsyncv1.SyncStatus) bool {
		return st.State == contactsyncv1.SyncStatus_FAILED
	})
	if !strings.Contains(st.LastError, "503") || st.LastAttemptTime == nil || !st.LastAttemptTime.AsTime().After(st.LastSuccessTime.AsTime()) {
		h.t.Fatalf("failed status (want LinkedIn's 503 in last_error): %v", st)
	}
	return st
}

// --- helpers ---

// deltaResult is a whole delta, read page by page.
type deltaResult struct {
	contacts  []*contactsyncv1.Contact
	deleted   []string
	syncToken string
	pages     int
}

// deltaAll reads a folder's whole delta without a token.
func (h *harness) deltaAll(ctx context.Context, folder string, pageSize int32) deltaResult {
	return h.deltaFrom(ctx, folder, "", pageSize)
}

// deltaFrom reads a folder's delta since token, following page tokens.
func (h *harness) deltaFrom(ctx context.Context, folder, token string, pageSize int32) deltaResult {
	h.t.Helper()
	var out deltaResult
	req := &contactsyncv1.DeltaContactsRequest{Folder: folder, SyncToken: token, PageSize: pageSize}
	for {
		r, err := h.sync.DeltaContacts(ctx, req)
		if err != nil {
			h.t.Fatalf("DeltaContacts %s: %v", folder, err)
		}
		out.pages++
		out.contacts = append(out.contacts, r.Contacts...)
		out.deleted = append(out.deleted, r.Deleted...)
		if r.NextPageToken == "" {
			if r.SyncToken == "" {
				h.t.Fatal("the delta's last page has no sync token")
			}
			out.syncToken = r.SyncToken
			return out
		}
		if r.SyncToken != "" {
			h.t.Fatal("a delta page has both a next page and a sync token")
		}
		if out.pages > 100 {
			h.t.Fatal("the delta does not end")
		}
		req = &contactsyncv1.DeltaContactsRequest{Folder: folder, PageToken: r.NextPageToken, PageSize: pageSize}
	}
}

func sources(contacts []*contactsyncv1.Contact) []string {
	var out []string
	for _, c := range contacts {
		out = append(out, c.SourceMemberId)
	}
	return out
}

func ids(contacts []*contactsyncv1.Contact) []string {
	var out []string
	for _, c := range contacts {
		out = append(out, c.Id)
	}
	return out
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
