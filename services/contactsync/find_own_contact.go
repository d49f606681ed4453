package contactsync

import (
	"context"
	"errors"
	"strings"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

// FindOwnContact finds the user's own contact with an email address, by the
// same normalised keys that link synced contacts to own ones.
func (s *Service) FindOwnContact(ctx context.Context, req *contactsyncv1.FindOwnContactRequest) (*contactsyncv1.FindOwnContactResponse, error) {
	key := "e:" + strings.ToLower(strings.TrimSpace(req.Email))
	owners, err := s.store.LinkedContacts(ctx, req.Tenant, req.User, []string{key})
	if err != nil {
		return nil, err
	}
	id, ok := owners[key]
	if !ok {
		return &contactsyncv1.FindOwnContactResponse{}, nil
	}
	c, err := s.store.Contact(ctx, store.View{Tenant: req.Tenant, User: req.User, Folder: store.OwnFolder}, id)
	if errors.Is(err, store.ErrNotFound) { // deleted since
		return &contactsyncv1.FindOwnContactResponse{}, nil
	}
	if err != nil {
		return nil, err
	}
	return &contactsyncv1.FindOwnContactResponse{Contact: c}, nil
}
