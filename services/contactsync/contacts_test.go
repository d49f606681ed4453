package contactsync_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

func TestTheLinkedInFolderIsReadOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	h.connectAndSync(alice)
	before := h.contacts(alice, "linkedin")
	bob := h.bySource(before)["m-bob"]

	_, err := h.sync.CreateContact(alice, &contactsyncv1.CreateContactRequest{Folder: "linkedin", Contact: &contactsyncv1.Contact{GivenName: "Mallory"}})
	wantReadOnly(t, "create", err)
	changed := proto.Clone(bob).(*contactsyncv1.Contact)
	changed.GivenName = "Robert"
	_, err = h.sync.UpdateContact(alice, &contactsyncv1.UpdateContactRequest{
		Folder: "linkedin", Contact: changed, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"given_name"}},
	})
	wantReadOnly(t, "update", err)
	_, err = h.sync.DeleteContact(alice, &contactsyncv1.DeleteContactRequest{Folder: "linkedin", Contact: bob.Id})
	wantReadOnly(t, "delete", err)
	_, err = h.sync.DeleteContact(alice, &contactsyncv1.DeleteContactRequest{Folder: "linkedin", Contact: bob.Id, Etag: bob.Etag})
	wantReadOnly(t, "delete with its etag", err)

	if after := h.contacts(alice, "linkedin"); !protoSliceEqual(before, after) {
		t.Fatalf("the LinkedIn folder changed:\nbefore %v\nafter  %v", before, after)
	}
	got, err := h.sync.GetContact(alice, &contactsyncv1.GetContactRequest{Folder: "linkedin", Contact: bob.Id})
	if err != nil || !proto.Equal(got.Contact, bob) {
		t.Fatalf("bob's contact after the refused writes: %v, %v; want %v", got, err, bob)
	}
	// Nor did the refused writes reach the user's own folder.
	if own := h.contacts(alice, "contacts"); len(own) != 0 {
		t.Fatalf("the own folder holds %v", own)
	}
}

func wantReadOnly(t *testing.T, what string, err error) {
	t.Helper()
	if status.Code(err) != codes.FailedPrecondition || errorReason(err) != "READ_ONLY_FOLDER" {
		t.Errorf("%s in the LinkedIn folder: %v (reason %q), want FailedPrecondition READ_ONLY_FOLDER", what, err, errorReason(err))
	}
}

func TestOwnContacts(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()

	// Create, then read back.
	created := h.createContact(alice, &contactsyncv1.Contact{
		GivenName: "Nina", Surname: "Park", CompanyName: "Tailspin", JobTitle: "Pilot",
		Phones:          []*contactsyncv1.Phone{{Type: contactsyncv1.Phone_MOBILE, Number: "+1 425 555 0199"}},
		EmailAddresses:  []*contactsyncv1.Email{{Type: contactsyncv1.Email_WORK, Address: "nina@tailspin.example"}},
		PostalAddresses: []*contactsyncv1.PhysicalAddress{{Type: contactsyncv1.PhysicalAddress_HOME, City: "Seattle"}},
	})
	if created.Id == "" || created.Etag == "" || created.ParentFolderId != "contacts" || created.DisplayName != "Nina Park" ||
		created.CreateTime == nil || created.UpdateTime == nil || created.SourceMemberId != "" {
		t.Fatalf("created: %v", created)
	}
	got, err := h.sync.GetContact(alice, &contactsyncv1.GetContactRequest{Folder: "contacts", Contact: created.Id})
	if err != nil || !proto.Equal(got.Contact, created) {
		t.Fatalf("get: %v, %v; want %v", got, err, created)
	}
	// Another user does not see it.
	_, err = h.sync.GetContact(h.as("contoso", "bob"), &contactsyncv1.GetContactRequest{Folder: "contacts", Contact: created.Id})
	if status.Code(err) != codes.NotFound {
		t.Fatalf("bob reading alice's contact: %v", err)
	}

	// Listing pages through every contact once, ordered by id.
	ids := []string{created.Id}
	for i := range 6 {
		ids = append(ids, h.createContact(alice, &contactsyncv1.Contact{GivenName: fmt.Sprintf("Person %d", i)}).Id)
	}
	slices.Sort(ids)
	var listed []string
	token := ""
	for pages := 1; ; pages++ {
		r, err := h.sync.ListContacts(alice, &contactsyncv1.ListContactsRequest{Folder: "contacts", PageSize: 3, PageToken: token})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Contacts) > 3 || pages > 4 {
			t.Fatalf("page %d holds %d contacts", pages, len(r.Contacts))
		}
		for _, c := range r.Contacts {
			listed = append(listed, c.Id)
		}
		if token = r.NextPageToken; token == "" {
			break
		}
	}
	if !slices.Equal(listed, ids) {
		t.Fatalf("listed %v, want %v", listed, ids)
	}
	if again := h.contacts(alice, "contacts"); len(again) != len(ids) || again[0].Id != ids[0] {
		t.Fatalf("a second listing differs: %v", again)
	}
	_, err = h.sync.ListContacts(alice, &contactsyncv1.ListContactsRequest{Folder: "contacts", PageToken: "bm9wZQ"})
	wantInvalid(t, "a made-up page token", err, "page_token")

	// Update with the etag read; the stale one is refused after.
	change := proto.Clone(created).(*contactsyncv1.Contact)
	change.JobTitle, change.Surname = "Captain", "Park-Lee"
	updated, err := h.sync.UpdateContact(alice, &contactsyncv1.UpdateContactRequest{
		Folder: "contacts", Contact: change, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"job_title", "etag"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	u := updated.Contact
	if u.JobTitle != "Captain" || u.Surname != "Park" || u.Etag == created.Etag || u.Id != created.Id ||
		!u.UpdateTime.AsTime().After(created.UpdateTime.AsTime()) || !u.CreateTime.AsTime().Equal(created.CreateTime.AsTime()) {
		t.Fatalf("updated (only job_title was masked): %v", u)
	}
	_, err = h.sync.UpdateContact(alice, &contactsyncv1.UpdateContactRequest{
		Folder: "contacts", Contact: change, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"company_name", "etag"}},
	})
	if status.Code(err) != codes.Aborted || errorReason(err) != "ETAG_MISMATCH" {
		t.Fatalf("update with a stale etag: %v (%s), want Aborted ETAG_MISMATCH", err, errorReason(err))
	}
	if got := h.getContact(alice, "contacts", created.Id); !proto.Equal(got, u) {
		t.Fatalf("the refused update changed the contact: %v", got)
	}
	// Without the etag in the mask, the last writer wins.
	change.CompanyName = "Contoso"
	updated, err = h.sync.UpdateContact(alice, &contactsyncv1.UpdateContactRequest{
		Folder: "contacts", Contact: change, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"company_name"}},
	})
	if err != nil || updated.Contact.CompanyName != "Contoso" || updated.Contact.JobTitle != "Captain" {
		t.Fatalf("update without an etag: %v, %v", updated, err)
	}
	u = updated.Contact

	// Delete: a stale etag is refused, the current one works, and the
	// contact is gone.
	_, err = h.sync.DeleteContact(alice, &contactsyncv1.DeleteContactRequest{Folder: "contacts", Contact: u.Id, Etag: created.Etag})
	if status.Code(err) != codes.Aborted || errorReason(err) != "ETAG_MISMATCH" {
		t.Fatalf("delete with a stale etag: %v", err)
	}
	if _, err := h.sync.DeleteContact(alice, &contactsyncv1.DeleteContactRequest{Folder: "contacts", Contact: u.Id, Etag: u.Etag}); err != nil {
		t.Fatal(err)
	}
	_, err = h.sync.GetContact(alice, &contactsyncv1.GetContactRequest{Folder: "contacts", Contact: u.Id})
	if status.Code(err) != codes.NotFound {
		t.Fatalf("get after delete: %v", err)
	}
	_, err = h.sync.DeleteContact(alice, &contactsyncv1.DeleteContactRequest{Folder: "contacts", Contact: u.Id})
	if status.Code(err) != codes.NotFound {
		t.Fatalf("delete again: %v", err)
	}
	_, err = h.sync.UpdateContact(alice, &contactsyncv1.UpdateContactRequest{
		Folder: "contacts", Contact: u, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"given_name"}},
	})
	if status.Code(err) != codes.NotFound {
		t.Fatalf("update after delete: %v", err)
	}
	if n := len(h.contacts(alice, "contacts")); n != len(ids)-1 {
		t.Fatalf("%d contacts left, want %d", n, len(ids)-1)
	}
}

func TestContactValidationNamesTheField(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	create := func(folder string, c *contactsyncv1.Contact) error {
		_, err := h.sync.CreateContact(alice, &contactsyncv1.CreateContactRequest{Folder: folder, Contact: c})
		return err
	}
	phones := make([]*contactsyncv1.Phone, 21)
	for i := range phones {
		phones[i] = &contactsyncv1.Phone{Number: fmt.Sprintf("+1 425 555 %04d", i)}
	}
	for _, c := range []struct {
		name, field string
		err         error
	}{
		{"a bad email", "contact.email_addresses[0].address", create("contacts", &contactsyncv1.Contact{
			GivenName: "X", EmailAddresses: []*contactsyncv1.Email{{Address: "not an email"}}})},
		{"an empty email", "contact.email_addresses[1].address", create("contacts", &contactsyncv1.Contact{
			EmailAddresses: []*contactsyncv1.Email{{Address: "a@b.example"}, {Type: contactsyncv1.Email_WORK}}})},
		{"too many phones", "contact.phones", create("contacts", &contactsyncv1.Contact{GivenName: "X", Phones: phones})},
		{"a bad phone", "contact.phones[0].number", create("contacts", &contactsyncv1.Contact{
			Phones: []*contactsyncv1.Phone{{Number: "call me"}}})},
		{"an unknown phone type", "contact.phones[0].type", create("contacts", &contactsyncv1.Contact{
			Phones: []*contactsyncv1.Phone{{Type: 42, Number: "+1 425 555 0100"}}})},
		{"a name too long", "contact.given_name", create("contacts", &contactsyncv1.Contact{GivenName: strings.Repeat("x", 129)})},
		{"an unknown folder", "folder", create("archive", &contactsyncv1.Contact{GivenName: "X"})},
		{"no folder", "folder", create("", &contactsyncv1.Contact{GivenName: "X"})},
		{"no contact", "contact", create("contacts", nil)},
	} {
		wantInvalid(t, c.name, c.err, c.field)
	}
	_, err := h.sync.ListContacts(alice, &contactsyncv1.ListContactsRequest{Folder: "archive"})
	wantInvalid(t, "listing an unknown folder", err, "folder")
	_, err = h.sync.GetContact(alice, &contactsyncv1.GetContactRequest{Folder: "contacts", Contact: "a/b"})
	wantInvalid(t, "a bad contact id", err, "contact")
	_, err = h.sync.UpdateContact(alice, &contactsyncv1.UpdateContactRequest{Folder: "contacts",
		Contact: &contactsyncv1.Contact{Id: "c-x"}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"source_member_id"}}})
	wantInvalid(t, "a mask naming a field the user does not write", err, "update_mask")
	_, err = h.sync.UpdateContact(alice, &contactsyncv1.UpdateContactRequest{Folder: "contacts", Contact: &contactsyncv1.Contact{Id: "c-x"}})
	wantInvalid(t, "an empty mask", err, "update_mask")
	// Nothing was created by the refused calls.
	if own := h.contacts(alice, "contacts"); len(own) != 0 {
		t.Fatalf("refused creates left %v", own)
	}
}

func TestLinkedInContactsLinkToOwnContacts(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.alice()
	// Bob's work email in other case; dana's mobile written another way.
	byEmail := h.createContact(alice, &contactsyncv1.Contact{GivenName: "Bobby",
		EmailAddresses: []*contactsyncv1.Email{{Address: "Bob@Contoso.com"}}})
	byPhone := h.createContact(alice, &contactsyncv1.Contact{GivenName: "D",
		Phones: []*contactsyncv1.Phone{{Number: "(720) 555-0111"}}})
	h.createContact(alice, &contactsyncv1.Contact{GivenName: "Nobody",
		EmailAddresses: []*contactsyncv1.Email{{Address: "nobody@example.com"}}, Phones: []*contactsyncv1.Phone{{Number: "555 0111"}}})
	h.connectAndSync(alice)

	want := map[string]string{"m-bob": byEmail.Id, "m-dana": byPhone.Id, "m-erin": "", "m-frank": ""}
	check := func(how string, contacts []*contactsyncv1.Contact) {
		t.Helper()
		got := map[string]string{}
		for _, c := range contacts {
			got[c.SourceMemberId] = c.LinkedContact
		}
		for member, link := range want {
			if got[member] != link {
				t.Errorf("%s: %s links to %q, want %q", how, member, got[member], link)
			}
		}
	}
	linked := h.contacts(alice, "linkedin")
	check("listed", linked)
	var one []*contactsyncv1.Contact
	for _, c := range linked {
		one = append(one, h.getContact(alice, "linkedin", c.Id))
	}
	check("read one by one", one)
	delta, err := h.sync.DeltaContacts(alice, &contactsyncv1.DeltaContactsRequest{Folder: "linkedin"})
	if err != nil {
		t.Fatal(err)
	}
	check("in the delta", delta.Contacts)
	// Own contacts link to nothing.
	for _, c := range h.contacts(alice, "contacts") {
		if c.LinkedContact != "" {
			t.Errorf("own contact %s links to %s", c.Id, c.LinkedContact)
		}
	}

	// The link follows the own contact: changed away, it goes; deleted,
	// it goes.
	change := proto.Clone(byEmail).(*contactsyncv1.Contact)
	change.EmailAddresses = []*contactsyncv1.Email{{Address: "bobby@example.com"}}
	if _, err := h.sync.UpdateContact(alice, &contactsyncv1.UpdateContactRequest{Folder: "contacts", Contact: change,
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"email_addresses"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.sync.DeleteContact(alice, &contactsyncv1.DeleteContactRequest{Folder: "contacts", Contact: byPhone.Id}); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"m-bob": "", "m-dana": ""}
	check("after the own contacts changed", h.contacts(alice, "linkedin"))
}

// --- helpers ---

func (h *harness) createContact(ctx context.Context, c *contactsyncv1.Contact) *contactsyncv1.Contact {
	h.t.Helper()
	r, err := h.sync.CreateContact(ctx, &contactsyncv1.CreateContactRequest{Folder: "contacts", Contact: c})
	if err != nil {
		h.t.Fatalf("CreateContact: %v", err)
	}
	return r.Contact
}

func (h *harness) getContact(ctx context.Context, folder, id string) *contactsyncv1.Contact {
	h.t.Helper()
	r, err := h.sync.GetContact(ctx, &contactsyncv1.GetContactRequest{Folder: folder, Contact: id})
	if err != nil {
		h.t.Fatalf("GetContact %s/%s: %v", folder, id, err)
	}
	return r.Contact
}

// wantInvalid checks err is InvalidArgument naming field.
func wantInvalid(t *testing.T, what string, err error, field string) {
	t.Helper()
	if status.Code(err) != codes.InvalidArgument {
		t.Errorf("%s: %v, want InvalidArgument", what, err)
		return
	}
	var fields []string
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.FieldViolations {
				fields = append(fields, v.Field)
			}
		}
	}
	if !slices.Contains(fields, field) {
		t.Errorf("%s: the error names %v, want %q (%v)", what, fields, field, err)
	}
}

// errorReason is the reason of err's ErrorInfo.
func errorReason(err error) string {
	for _, d := range status.Convert(err).Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.Reason
		}
	}
	return ""
}

// TestNoMailboxForAUserOutsideTheDirectory: a user policy does not know (a
// person deleted or erased, whose token lives on) cannot create contacts,
// which would make their mailbox again.
func TestNoMailboxForAUserOutsideTheDirectory(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	_, err := h.sync.CreateContact(h.as("contoso", "ghost"), &contactsyncv1.CreateContactRequest{Folder: "contacts", Contact: &contactsyncv1.Contact{GivenName: "Nina"}})
	if status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("a user outside the directory creating a contact: %v, want FailedPrecondition", err)
	}
	// alice, in the directory, can.
	h.createContact(h.alice(), &contactsyncv1.Contact{GivenName: "Nina"})
}
