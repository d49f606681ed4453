package contactsync_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/linkedinsim"
	"google.golang.org/protobuf/proto"
)

// aliceConnections are alice's first-degree connections in the demo
// network (services/linkedinsim/README.md).
var aliceConnections = []string{"m-bob", "m-dana", "m-erin", "m-frank"}

func TestFirstSyncFillsTheLinkedInFolder(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	if got := h.member("m-alice").Connections; !slices.Equal(sorted(got), aliceConnections) {
		t.Fatalf("the demo network changed: alice is connected to %v", got)
	}
	h.createContact(h.alice(), &contactsyncv1.Contact{GivenName: "Own one"})
	h.createContact(h.alice(), &contactsyncv1.Contact{GivenName: "Own two"})
	st := h.connectAndSync(h.alice())
	if st.Reason != contactsyncv1.SyncStatus_ELIGIBLE || st.ContactCount != 4 || st.LastAdded != 4 || st.LastError != "" {
		t.Fatalf("status after the first sync: %v", st)
	}
	h.wantFolderMatchesNetwork(h.alice(), "m-alice")
	// One of them spelled out, as the demo network has her.
	erin := &contactsyncv1.Contact{
		ParentFolderId: "linkedin", SourceMemberId: "m-erin", GivenName: "Erin", Surname: "Walsh", DisplayName: "Erin Walsh",
		CompanyName: "Northwind Traders", JobTitle: "Logistics Coordinator",
		Phones: []*contactsyncv1.Phone{{Type: contactsyncv1.Phone_BUSINESS, Number: "+353 1 555 0120"}},
		EmailAddresses: []*contactsyncv1.Email{
			{Type: contactsyncv1.Email_WORK, Address: "erin@northwind.example"},
			{Type: contactsyncv1.Email_PERSONAL, Address: "erin.walsh@example.net"},
		},
		PostalAddresses: []*contactsyncv1.PhysicalAddress{{Type: contactsyncv1.PhysicalAddress_BUSINESS,
			Street: "8 Harbour Road", City: "Dublin", State: "Leinster", PostalCode: "D02 XY45", CountryOrRegion: "IE"}},
	}
	if got := content(h.bySource(h.contacts(h.alice(), "linkedin"))["m-erin"]); !proto.Equal(got, erin) {
		t.Fatalf("erin's contact:\n got %v\nwant %v", got, erin)
	}

	folders, err := h.sync.ListContactFolders(h.alice(), &contactsyncv1.ListContactFoldersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	want := []*contactsyncv1.ContactFolder{
		{Id: "contacts", DisplayName: "Contacts", TotalCount: 2},
		{Id: "linkedin", DisplayName: "LinkedIn", ReadOnly: true, TotalCount: 4},
	}
	if !protoSliceEqual(want, folders.Folders) {
		t.Fatalf("folders: %v, want %v", folders.Folders, want)
	}

	// Bob has not connected: his folders are his own only, and his status
	// says why.
	bob := h.as("contoso", "bob")
	folders, err = h.sync.ListContactFolders(bob, &contactsyncv1.ListContactFoldersRequest{})
	if err != nil || len(folders.Folders) != 1 || folders.Folders[0].Id != "contacts" {
		t.Fatalf("bob's folders: %v, %v", folders, err)
	}
	if st := h.status(bob); st.State != contactsyncv1.SyncStatus_NOT_ELIGIBLE || st.Reason != contactsyncv1.SyncStatus_NO_CONSENT {
		t.Fatalf("bob's status: %v", st)
	}
}

// wantFolderMatchesNetwork checks that ctx's user's LinkedIn folder holds
// exactly member's connections in the simulator, once each, with every
// name, position, phone, email and address.
func (h *harness) wantFolderMatchesNetwork(ctx context.Context, member string) {
	h.t.Helper()
	got := h.bySource(h.contacts(ctx, "linkedin"))
	connections := h.member(member).Connections
	if len(got) != len(connections) {
		h.t.Errorf("the folder holds %d contacts, the network %d connections (%v)", len(got), len(connections), connections)
	}
	for _, id := range connections {
		c, ok := got[id]
		if !ok {
			h.t.Errorf("connection %s is not in the folder", id)
			continue
		}
		if want := contactOf(h.member(id).Member); !proto.Equal(want, content(c)) {
			h.t.Errorf("contact of %s:\n got %v\nwant %v", id, content(c), want)
		}
		if !strings.HasPrefix(c.Id, "li-") || c.Etag == "" || c.CreateTime == nil || c.UpdateTime == nil {
			h.t.Errorf("contact of %s: id %q, etag %q, times %v %v", id, c.Id, c.Etag, c.CreateTime, c.UpdateTime)
		}
	}
}

// contactOf is the contact a member becomes, as the API documents it.
func contactOf(m linkedinsim.Member) *contactsyncv1.Contact {
	c := &contactsyncv1.Contact{
		ParentFolderId: "linkedin", SourceMemberId: m.ID, GivenName: m.FirstName, Surname: m.LastName,
		DisplayName: m.FirstName + " " + m.LastName, CompanyName: m.Position.Company, JobTitle: m.Position.Title,
	}
	for _, p := range m.Phones {
		t := map[string]contactsyncv1.Phone_Type{"work": contactsyncv1.Phone_BUSINESS, "mobile": contactsyncv1.Phone_MOBILE, "home": contactsyncv1.Phone_HOME}[p.Type]
		c.Phones = append(c.Phones, &contactsyncv1.Phone{Type: orDefault(t, contactsyncv1.Phone_OTHER), Number: p.Number})
	}
	for _, e := range m.Emails {
		t := map[string]contactsyncv1.Email_Type{"work": contactsyncv1.Email_WORK, "home": contactsyncv1.Email_PERSONAL}[e.Type]
		c.EmailAddresses = append(c.EmailAddresses, &contactsyncv1.Email{Type: orDefault(t, contactsyncv1.Email_OTHER), Address: e.Address})
	}
	for _, a := range m.Addresses {
		t := map[string]contactsyncv1.PhysicalAddress_Type{"work": contactsyncv1.PhysicalAddress_BUSINESS, "home": contactsyncv1.PhysicalAddress_HOME}[a.Type]
		c.PostalAddresses = append(c.PostalAddresses, &contactsyncv1.PhysicalAddress{
			Type: orDefault(t, contactsyncv1.PhysicalAddress_OTHER), Street: a.Street, City: a.City,
			State: a.Region, PostalCode: a.PostalCode, CountryOrRegion: a.Country,
		})
	}
	return c
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// content is a contact without what the service sets: its id, etag,
// times and link.
func content(c *contactsyncv1.Contact) *contactsyncv1.Contact {
	out := proto.Clone(c).(*contactsyncv1.Contact)
	out.Id, out.Etag, out.CreateTime, out.UpdateTime, out.LinkedContact = "", "", nil, nil, ""
	return out
}

// protoSliceEqual says whether two lists of messages are equal.
func protoSliceEqual[M proto.Message](a, b []M) bool {
	return slices.EqualFunc(a, b, func(x, y M) bool { return proto.Equal(x, y) })
}
