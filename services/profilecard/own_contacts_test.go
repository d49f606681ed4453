package profilecard_test

import (
	"testing"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
)

// TestOutsideTheTenantTheViewersOwnContactFills: for a person outside the
// tenant, the directory section holds what the viewer's own contact of
// that email says, marked as from the viewer's contacts; another viewer,
// without such a contact, sees the email only.
func TestOutsideTheTenantTheViewersOwnContactFills(t *testing.T) {
	h := newHarnessWith(t, true)
	_, err := h.contacts.CreateContact(h.user("alice"), &contactsyncv1.CreateContactRequest{Folder: "contacts", Contact: &contactsyncv1.Contact{
		GivenName: "Dana", Surname: "Ruiz", CompanyName: "Fabrikam", JobTitle: "Buyer",
		EmailAddresses: []*contactsyncv1.Email{{Address: "Dana@Fabrikam.com"}},
		Phones:         []*contactsyncv1.Phone{{Type: contactsyncv1.Phone_MOBILE, Number: "+1 206 555 0199"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	c := h.card("alice", "dana@fabrikam.com", profilecardv1.Surface_WEB)
	d := c.Directory
	if d.InDirectory || d.DisplayName != "Dana Ruiz" || d.Company != "Fabrikam" || d.JobTitle != "Buyer" || len(d.Phones) != 1 {
		t.Fatalf("alice's card of dana: %v", d)
	}
	if src := sourceOf(c, "company"); src != profilecardv1.Source_CONTACTS {
		t.Errorf("company comes from %s, want CONTACTS", src)
	}
	if src := sourceOf(c, "email"); src != profilecardv1.Source_REQUEST {
		t.Errorf("email comes from %s, want REQUEST", src)
	}
	if d := h.card("carol", "dana@fabrikam.com", profilecardv1.Surface_WEB).Directory; d.DisplayName != "" || d.Email != "dana@fabrikam.com" {
		t.Errorf("carol, without a contact of dana, sees %v", d)
	}
}
