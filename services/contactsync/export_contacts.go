package contactsync

import (
	"context"

	"github.com/liaisonhq/liaison/platform/paging"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"github.com/liaisonhq/liaison/services/linkedin"
)

// With both-ways consent the user's own contacts go to the network's
// contact import (seed 004), after a sync, whenever they changed since the
// last export: the whole folder replaces the network's copy (the network
// offers no delta of imports). Deleting that copy when consent narrows or
// ends is the consent service's: it holds the grant that allows it.
//
// The direction is checked as late as it can be: the mailbox as it is now
// (a narrowing the streams or the check before the run delivered), then
// consent's own answer with the token, just before the upload.
func (s *Service) exportOwnContacts(ctx context.Context, m *store.Mailbox) error {
	current, err := s.store.Mailbox(ctx, m.Tenant, m.User)
	if err != nil || !current.Eligible || current.Direction != typev1.ConsentDirection_BIDIRECTIONAL {
		return err
	}
	// Only the own folder's changes count: a sync that changed the
	// LinkedIn folder has nothing to export.
	changed, err := s.store.FolderSeq(ctx, m.Tenant, m.User, store.OwnFolder)
	if err != nil || changed <= current.ExportedSeq {
		return err
	}
	view := store.View{Tenant: m.Tenant, User: m.User, Folder: store.OwnFolder}
	var contacts []linkedin.ImportedContact
	for after := ""; ; {
		page, err := s.store.Contacts(ctx, view, after, paging.MaxSize)
		if err != nil {
			return err
		}
		for _, c := range page {
			ic := linkedin.ImportedContact{FirstName: c.GivenName, LastName: c.Surname, Emails: []string{}, Phones: []string{}}
			for _, e := range c.EmailAddresses {
				ic.Emails = append(ic.Emails, e.Address)
			}
			for _, p := range c.Phones {
				ic.Phones = append(ic.Phones, p.Number)
			}
			contacts = append(contacts, ic)
		}
		if len(page) < paging.MaxSize {
			break
		}
		after = page[len(page)-1].Id
	}
	token, direction, err := s.providerToken(ctx, m.Tenant, m.User)
	if err != nil || direction != typev1.ConsentDirection_BIDIRECTIONAL {
		return err
	}
	if err := s.limits.wait(ctx, m.Tenant); err != nil {
		return err
	}
	if contacts == nil {
		contacts = []linkedin.ImportedContact{}
	}
	if err := s.Network.ReplaceImportedContacts(ctx, token, contacts); err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx store.Tx) error { return tx.SetExportedSeq(ctx, m.Tenant, m.User, changed) })
}
