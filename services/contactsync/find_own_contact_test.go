package contactsync_test

import (
	"context"
	"testing"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestFindOwnContactIsForProfileCardOnly: the profile-card service finds a
// user's own contact by any spelling of its email, never a synced one;
// the user, an admin and other services may not ask.
func TestFindOwnContactIsForProfileCardOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	own := h.createContact(alice, &contactsyncv1.Contact{
		GivenName: "Dana", EmailAddresses: []*contactsyncv1.Email{{Address: "dana@fabrikam.com"}},
	})
	h.connectAndSync(alice) // dana also arrives as a synced contact
	find := func(email string) (*contactsyncv1.FindOwnContactResponse, error) {
		return h.sync.FindOwnContact(h.asService("profile-card"), &contactsyncv1.FindOwnContactRequest{Tenant: "contoso", User: "alice", Email: email})
	}
	got, err := find("DANA@fabrikam.com")
	if err != nil || got.Contact.GetId() != own.Id || got.Contact.ParentFolderId != "contacts" {
		t.Fatalf("FindOwnContact = %v, %v; want alice's own contact %s", got, err, own.Id)
	}
	if got, err := find("bob@contoso.com"); err != nil || got.Contact != nil {
		t.Errorf("an email only the synced folder holds: %v, %v; want no contact", got, err)
	}
	req := &contactsyncv1.FindOwnContactRequest{Tenant: "contoso", User: "alice", Email: "dana@fabrikam.com"}
	for name, ctx := range map[string]context.Context{"the user": alice, "an admin": h.admin(), "another service": h.asService("reporting")} {
		_, err := h.sync.FindOwnContact(ctx, req)
		if status.Code(err) != codes.PermissionDenied {
			t.Errorf("%s: %v, want PermissionDenied", name, err)
		}
	}
	if _, err := find("not an email"); status.Code(err) != codes.InvalidArgument {
		t.Errorf("a bad email: %v, want InvalidArgument", err)
	}
}
