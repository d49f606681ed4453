package contactsync

import (
	"context"
	"errors"
	"strings"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/fieldmask"
	"github.com/liaisonhq/liaison/platform/paging"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// ListContacts lists a folder's contacts, ordered by id.
func (s *Service) ListContacts(ctx context.Context, req *contactsyncv1.ListContactsRequest) (*contactsyncv1.ListContactsResponse, error) {
	tenant, user := caller(ctx)
	after, limit, err := paging.Parse(req.PageSize, req.PageToken)
	if err != nil {
		return nil, err
	}
	v, err := s.view(ctx, tenant, user, req.Folder)
	if err != nil {
		return nil, err
	}
	contacts, err := s.store.Contacts(ctx, v, after, limit)
	if err != nil {
		return nil, err
	}
	if err := s.link(ctx, tenant, user, contacts); err != nil {
		return nil, err
	}
	resp := &contactsyncv1.ListContactsResponse{Contacts: contacts}
	if n := len(contacts); n > 0 {
		resp.NextPageToken = paging.Next(n, limit, contacts[n-1].Id)
	}
	return resp, nil
}

// GetContact returns one contact.
func (s *Service) GetContact(ctx context.Context, req *contactsyncv1.GetContactRequest) (*contactsyncv1.GetContactResponse, error) {
	tenant, user := caller(ctx)
	c, err := s.contact(ctx, tenant, user, req.Folder, req.Contact)
	if err != nil {
		return nil, err
	}
	return &contactsyncv1.GetContactResponse{Contact: c}, nil
}

func (s *Service) contact(ctx context.Context, tenant, user, folder, id string) (*contactsyncv1.Contact, error) {
	v, err := s.view(ctx, tenant, user, folder)
	if err != nil {
		return nil, err
	}
	c, err := s.store.Contact(ctx, v, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apierror.NotFound("contact", id)
	}
	if err != nil {
		return nil, err
	}
	return c, s.link(ctx, tenant, user, []*contactsyncv1.Contact{c})
}

// link sets, on synced contacts, the user's own contact with the same
// normalised email or phone.
func (s *Service) link(ctx context.Context, tenant, user string, contacts []*contactsyncv1.Contact) error {
	var keys []string
	for _, c := range contacts {
		if c.ParentFolderId == store.LinkedInFolder {
			keys = append(keys, store.MatchKeys(c)...)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	owners, err := s.store.LinkedContacts(ctx, tenant, user, keys)
	if err != nil {
		return err
	}
	for _, c := range contacts {
		for _, k := range store.MatchKeys(c) {
			if id, ok := owners[k]; ok && c.ParentFolderId == store.LinkedInFolder {
				c.LinkedContact = id
				break
			}
		}
	}
	return nil
}

// CreateContact creates a contact in the user's own folder.
func (s *Service) CreateContact(ctx context.Context, req *contactsyncv1.CreateContactRequest) (*contactsyncv1.CreateContactResponse, error) {
	if req.Folder == store.LinkedInFolder {
		return nil, readOnlyFolder()
	}
	tenant, user := caller(ctx)
	if err := s.requireInDirectory(ctx, tenant, user); err != nil {
		return nil, err
	}
	now := timestamppb.New(s.now())
	c := ownContact(req.Contact)
	c.Id, c.CreateTime, c.UpdateTime = newOwnContactID(), now, now
	c.Etag = contentEtag(c)
	err := s.store.Write(ctx, func(tx store.Tx) error {
		n, err := tx.CountContacts(ctx, store.View{Tenant: tenant, User: user, Folder: store.OwnFolder})
		if err != nil {
			return err
		}
		if n >= maxOwnContacts {
			return apierror.FailedPrecondition(typev1.ErrorReason_LIMIT_REACHED,
				"the contacts folder holds the most contacts it may; delete some first",
				map[string]string{"limit": "5000"})
		}
		return tx.PutOwnContact(ctx, tenant, user, c)
	})
	if err != nil {
		return nil, err
	}
	return &contactsyncv1.CreateContactResponse{Contact: c}, nil
}

// UpdateContact changes the fields the mask names of a contact of the
// user's own folder; a stale etag is refused.
func (s *Service) UpdateContact(ctx context.Context, req *contactsyncv1.UpdateContactRequest) (*contactsyncv1.UpdateContactResponse, error) {
	if req.Folder == store.LinkedInFolder {
		return nil, readOnlyFolder()
	}
	tenant, user := caller(ctx)
	var after *contactsyncv1.Contact
	err := s.store.Write(ctx, func(tx store.Tx) error {
		before, err := tx.Contact(ctx, store.View{Tenant: tenant, User: user, Folder: store.OwnFolder}, req.Contact.Id)
		if errors.Is(err, store.ErrNotFound) {
			return apierror.NotFound("contact", req.Contact.Id)
		}
		if err != nil {
			return err
		}
		if fieldmask.Paths(req.UpdateMask).Has("etag") && req.Contact.Etag != before.Etag {
			return apierror.EtagMismatch("contact")
		}
		after = proto.Clone(before).(*contactsyncv1.Contact)
		fieldmask.Apply(after, ownContact(req.Contact), req.UpdateMask)
		after.Etag = contentEtag(after)
		if after.Etag == before.Etag {
			return nil // nothing changes: nothing is written
		}
		after.UpdateTime = timestamppb.New(s.now())
		return tx.PutOwnContact(ctx, tenant, user, after)
	})
	if err != nil {
		return nil, err
	}
	return &contactsyncv1.UpdateContactResponse{Contact: after}, nil
}

// DeleteContact deletes a contact of the user's own folder.
func (s *Service) DeleteContact(ctx context.Context, req *contactsyncv1.DeleteContactRequest) (*contactsyncv1.DeleteContactResponse, error) {
	if req.Folder == store.LinkedInFolder {
		return nil, readOnlyFolder()
	}
	tenant, user := caller(ctx)
	err := s.store.Write(ctx, func(tx store.Tx) error {
		return tx.DeleteOwnContact(ctx, tenant, user, req.Contact, req.Etag, s.now())
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, apierror.NotFound("contact", req.Contact)
	case errors.Is(err, store.ErrEtagMismatch):
		return nil, apierror.EtagMismatch("contact")
	case err != nil:
		return nil, err
	}
	return &contactsyncv1.DeleteContactResponse{}, nil
}

// ownContact is what a user's request may set of a contact in their own
// folder: its content, with the display name made when not given.
func ownContact(in *contactsyncv1.Contact) *contactsyncv1.Contact {
	c := &contactsyncv1.Contact{
		ParentFolderId: store.OwnFolder, GivenName: in.GivenName, Surname: in.Surname, DisplayName: in.DisplayName,
		Phones: in.Phones, EmailAddresses: in.EmailAddresses, PostalAddresses: in.PostalAddresses,
		CompanyName: in.CompanyName, JobTitle: in.JobTitle,
	}
	if c.DisplayName == "" {
		c.DisplayName = strings.TrimSpace(c.GivenName + " " + c.Surname)
	}
	return c
}

// requireInDirectory refuses a write that would make a mailbox for a user
// policy does not know: a person deleted or erased, whose token has not
// expired yet, must not bring their data back. Only a definite "not
// found" refuses: when policy cannot answer, the user's own contacts stay
// writable (they are not LinkedIn data, which is what fails closed).
func (s *Service) requireInDirectory(ctx context.Context, tenant, user string) error {
	if s.Policy == nil {
		return nil
	}
	_, err := s.Policy.GetUser(ctx, &policyv1.GetUserRequest{Tenant: tenant, User: user})
	if status.Code(err) == codes.NotFound {
		return apierror.FailedPrecondition(typev1.ErrorReason_POLICY_DENIED,
			"you are not in your organization's directory: there is no mailbox to keep contacts in",
			map[string]string{"user": user})
	}
	return nil
}
