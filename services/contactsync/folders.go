package contactsync

import (
	"context"
	"errors"

	"github.com/liaisonhq/liaison/platform/apierror"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// readOnlyFolder is the refusal of every write to the LinkedIn folder.
func readOnlyFolder() error {
	return apierror.FailedPrecondition(typev1.ErrorReason_READ_ONLY_FOLDER,
		`the "linkedin" folder is read-only: its contacts come from LinkedIn and change only when LinkedIn does`,
		map[string]string{"folder": store.LinkedInFolder})
}

// view is the caller's folder as readers see it (see folderView).
func (s *Service) view(ctx context.Context, tenant, user, folder string) (store.View, error) {
	if folder == store.OwnFolder {
		return folderView(nil, tenant, user, folder)
	}
	m, err := s.store.Mailbox(ctx, tenant, user)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return store.View{}, err
	}
	return folderView(m, tenant, user, folder)
}

// folderView is a folder of mailbox m (nil when the user has none) as
// readers see it. The LinkedIn folder exists from the first sync until the
// user loses eligibility, which hides it at once, before the purge has
// deleted anything.
func folderView(m *store.Mailbox, tenant, user, folder string) (store.View, error) {
	v := store.View{Tenant: tenant, User: user, Folder: folder}
	if folder == store.OwnFolder {
		return v, nil
	}
	if m == nil || !m.LinkedInFolder {
		return v, apierror.NotFound("contact folder", folder)
	}
	v.Since = m.LinkedInHorizon
	return v, nil
}

// ListContactFolders lists the caller's folders.
func (s *Service) ListContactFolders(ctx context.Context, _ *contactsyncv1.ListContactFoldersRequest) (*contactsyncv1.ListContactFoldersResponse, error) {
	tenant, user := caller(ctx)
	resp := &contactsyncv1.ListContactFoldersResponse{}
	for _, f := range []struct {
		id, name string
		readOnly bool
	}{{store.OwnFolder, "Contacts", false}, {store.LinkedInFolder, "LinkedIn", true}} {
		v, err := s.view(ctx, tenant, user, f.id)
		if status.Code(err) == codes.NotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		n, err := s.store.CountContacts(ctx, v)
		if err != nil {
			return nil, err
		}
		resp.Folders = append(resp.Folders, &contactsyncv1.ContactFolder{Id: f.id, DisplayName: f.name, ReadOnly: f.readOnly, TotalCount: n})
	}
	return resp, nil
}
