package profilecard

import (
	"context"
	"strings"
	"time"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
)

// addOwnContact fills the directory section of a person outside the
// tenant with what the viewer's own contact of that email holds (seed
// 003: profile cards also for people outside the organization). It is the
// viewer's own data, read for this card only; when contact-sync cannot
// answer, the card goes without it.
func (s *Service) addOwnContact(ctx context.Context, who viewer, section *profilecardv1.DirectorySection, prov *provenance) {
	if s.Contacts == nil || section.InDirectory || section.Email == "" {
		return
	}
	resp, err := s.Contacts.FindOwnContact(ctx, &contactsyncv1.FindOwnContactRequest{Tenant: who.tenant, User: who.user, Email: section.Email})
	if err != nil {
		s.warn(ctx, "the viewer's own contacts could not be read", "error", err)
		return
	}
	c := resp.Contact
	if c == nil {
		return
	}
	section.DisplayName = c.DisplayName
	if section.DisplayName == "" {
		section.DisplayName = strings.TrimSpace(c.GivenName + " " + c.Surname)
	}
	section.Company, section.JobTitle = c.CompanyName, c.JobTitle
	for _, p := range c.Phones {
		section.Phones = append(section.Phones, &profilecardv1.Phone{Type: contactPhoneType(p.Type), Number: p.Number})
	}
	prov.fields(profilecardv1.Source_CONTACTS, time.Now(), []field{
		{"display_name", section.DisplayName != ""}, {"company", c.CompanyName != ""},
		{"job_title", c.JobTitle != ""}, {"phones", len(c.Phones) > 0},
	})
}

// contactPhoneType names a contact phone's kind as cards do.
func contactPhoneType(t contactsyncv1.Phone_Type) string {
	if t == contactsyncv1.Phone_BUSINESS {
		return "work"
	}
	return strings.ToLower(t.String())
}
