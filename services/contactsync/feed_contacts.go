package contactsync

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/linkedin"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// syncedContactID is the id of the contact a member becomes: derived from
// the member id, so a page applied twice, or a member listed again after a
// resync, is the same contact, never a duplicate.
func syncedContactID(member string) string {
	sum := sha256.Sum256([]byte(member))
	return "li-" + hex.EncodeToString(sum[:12])
}

// contactOfConnection is the contact a connection becomes in the LinkedIn
// folder. Values longer than the contact's limits are cut: the network's
// data must fit the rules the API states.
func contactOfConnection(c linkedin.FeedConnection, now time.Time) *contactsyncv1.Contact {
	out := &contactsyncv1.Contact{
		Id: syncedContactID(c.MemberID), ParentFolderId: "linkedin", SourceMemberId: c.MemberID,
		GivenName: cut(c.FirstName, maxName), Surname: cut(c.LastName, maxName),
		DisplayName: cut(strings.TrimSpace(c.FirstName+" "+c.LastName), maxDisplayName),
		CompanyName: cut(c.Position.Company, maxOrganization), JobTitle: cut(c.Position.Title, maxOrganization),
	}
	for _, p := range c.Phones[:min(len(c.Phones), maxPhones)] {
		out.Phones = append(out.Phones, &contactsyncv1.Phone{Type: phoneType(p.Type), Number: cut(p.Number, maxPhone)})
	}
	for _, e := range c.Emails[:min(len(c.Emails), maxEmails)] {
		out.EmailAddresses = append(out.EmailAddresses, &contactsyncv1.Email{Type: emailType(e.Type), Address: cut(e.Address, maxEmail)})
	}
	for _, a := range c.Addresses[:min(len(c.Addresses), maxAddresses)] {
		out.PostalAddresses = append(out.PostalAddresses, &contactsyncv1.PhysicalAddress{
			Type: addressType(a.Type), Street: cut(a.Street, maxStreet), City: cut(a.City, maxPlace),
			State: cut(a.Region, maxPlace), PostalCode: cut(a.PostalCode, maxPostalCode), CountryOrRegion: cut(a.Country, maxPlace),
		})
	}
	out.Etag = contentEtag(out)
	out.CreateTime, out.UpdateTime = timestamppb.New(now), timestamppb.New(now)
	return out
}

// contentEtag is a contact's change key: a digest of what it says, so the
// same content has the same key and an unchanged contact is not written.
//
// The digest covers the content fields only, copied into a message of their
// own (sharing the lists, which marshalling only reads): a field added to
// Contact that is content must be added here.
func contentEtag(c *contactsyncv1.Contact) string {
	content := &contactsyncv1.Contact{
		ParentFolderId: c.ParentFolderId, GivenName: c.GivenName, Surname: c.Surname, DisplayName: c.DisplayName,
		Phones: c.Phones, EmailAddresses: c.EmailAddresses, PostalAddresses: c.PostalAddresses,
		CompanyName: c.CompanyName, JobTitle: c.JobTitle, SourceMemberId: c.SourceMemberId,
	}
	b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(content) // a plain message always marshals
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// cut shortens s to at most n bytes without splitting a character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

func phoneType(t string) contactsyncv1.Phone_Type {
	switch t {
	case "work":
		return contactsyncv1.Phone_BUSINESS
	case "mobile":
		return contactsyncv1.Phone_MOBILE
	case "home":
		return contactsyncv1.Phone_HOME
	default:
		return contactsyncv1.Phone_OTHER
	}
}

func emailType(t string) contactsyncv1.Email_Type {
	switch t {
	case "work":
		return contactsyncv1.Email_WORK
	case "home", "personal":
		return contactsyncv1.Email_PERSONAL
	default:
		return contactsyncv1.Email_OTHER
	}
}

func addressType(t string) contactsyncv1.PhysicalAddress_Type {
	switch t {
	case "work":
		return contactsyncv1.PhysicalAddress_BUSINESS
	case "home":
		return contactsyncv1.PhysicalAddress_HOME
	default:
		return contactsyncv1.PhysicalAddress_OTHER
	}
}
