package policy_test

import (
	"context"
	"net"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth/authtest"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc"
)

// fakeContactSync counts two synced contacts per user, and records whom it
// was asked about.
type fakeContactSync struct {
	contactsyncv1.UnimplementedContactSyncServiceServer
	mu    sync.Mutex
	asked []string
}

func (f *fakeContactSync) CountSyncedContacts(_ context.Context, req *contactsyncv1.CountSyncedContactsRequest) (*contactsyncv1.CountSyncedContactsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, req.Users...)
	return &contactsyncv1.CountSyncedContactsResponse{Contacts: 2 * int64(len(req.Users))}, nil
}

func startFakeContactSync(t *testing.T) (*fakeContactSync, string) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fake, srv := &fakeContactSync{}, grpc.NewServer()
	contactsyncv1.RegisterContactSyncServiceServer(srv, fake)
	go srv.Serve(l)
	t.Cleanup(srv.Stop)
	return fake, l.Addr().String()
}

func previewPilotOnly(t *testing.T, h *harness) *policyv1.PreviewLinkedInSettingsChangeResponse {
	t.Helper()
	resp, err := h.client.PreviewLinkedInSettingsChange(h.admin(), &policyv1.PreviewLinkedInSettingsChangeRequest{
		Tenant: "contoso", Proposed: &policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "pilot"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// The preview says how many synced contacts the users who would lose
// contact sync hold, asking contact-sync about exactly those users.
func TestPreviewCountsTheContactsThatWouldBeDeleted(t *testing.T) {
	fake, addr := startFakeContactSync(t)
	h := &harness{t: t, issuer: authtest.NewIssuer(t), dbURL: "sqlite:" + filepath.Join(t.TempDir(), "policy.db"), contactSyncAddr: addr}
	h.start()
	t.Cleanup(h.stop)

	resp := previewPilotOnly(t, h)
	if !resp.ContactsCounted || resp.ContactsDeleted != 2*resp.UsersLosing {
		t.Fatalf("preview = %v, want %d contacts counted", resp, 2*resp.UsersLosing)
	}
	slices.Sort(fake.asked)
	if want := []string{"admin", "bob", "carol"}; !slices.Equal(fake.asked, want) {
		t.Errorf("asked about %v, want the users losing access %v", fake.asked, want)
	}
}

// Without an answer from contact-sync the preview still answers, saying
// the count is missing.
func TestPreviewWithoutContactSyncSaysTheCountIsMissing(t *testing.T) {
	for name, addr := range map[string]string{"not configured": "", "not answering": unusedAddr(t)} {
		t.Run(name, func(t *testing.T) {
			h := &harness{t: t, issuer: authtest.NewIssuer(t), dbURL: "sqlite:" + filepath.Join(t.TempDir(), "policy.db"), contactSyncAddr: addr}
			h.start()
			t.Cleanup(h.stop)
			resp := previewPilotOnly(t, h)
			if resp.ContactsCounted || resp.ContactsDeleted != 0 || resp.UsersLosing != 3 {
				t.Fatalf("preview = %v", resp)
			}
		})
	}
}

func unusedAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
