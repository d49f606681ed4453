package contactsync

import (
	"context"
	"errors"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/paging"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

// status is a mailbox's sync status; a user never seen here has not
// connected LinkedIn.
func (s *Service) status(ctx context.Context, tenant, user string) (*contactsyncv1.SyncStatus, error) {
	m, err := s.store.Mailbox(ctx, tenant, user)
	if errors.Is(err, store.ErrNotFound) {
		return &contactsyncv1.SyncStatus{Tenant: tenant, User: user, State: contactsyncv1.SyncStatus_NOT_ELIGIBLE,
			Reason: contactsyncv1.SyncStatus_NO_CONSENT}, nil
	}
	if err != nil {
		return nil, err
	}
	return s.statusOf(ctx, m)
}

func (s *Service) statusOf(ctx context.Context, m *store.Mailbox) (*contactsyncv1.SyncStatus, error) {
	var count int64
	if m.LinkedInFolder {
		var err error
		count, err = s.store.CountContacts(ctx, store.View{Tenant: m.Tenant, User: m.User, Folder: store.LinkedInFolder, Since: m.LinkedInHorizon})
		if err != nil {
			return nil, err
		}
	}
	return m.Status(count), nil
}

// GetMyContactSync returns the caller's sync status.
func (s *Service) GetMyContactSync(ctx context.Context, _ *contactsyncv1.GetMyContactSyncRequest) (*contactsyncv1.GetMyContactSyncResponse, error) {
	tenant, user := caller(ctx)
	st, err := s.status(ctx, tenant, user)
	if err != nil {
		return nil, err
	}
	return &contactsyncv1.GetMyContactSyncResponse{Status: st}, nil
}

// RunMyContactSync queues a sync of the caller's mailbox now. A user who
// may not sync is told why.
func (s *Service) RunMyContactSync(ctx context.Context, _ *contactsyncv1.RunMyContactSyncRequest) (*contactsyncv1.RunMyContactSyncResponse, error) {
	tenant, user := caller(ctx)
	m, err := s.store.Mailbox(ctx, tenant, user)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if m == nil || !m.Eligible {
		reason := contactsyncv1.SyncStatus_NO_CONSENT
		if m != nil {
			reason = m.Reason
		}
		return nil, apierror.FailedPrecondition(typev1.ErrorReason_POLICY_DENIED,
			"LinkedIn contact sync is not available to you: "+reason.String(),
			map[string]string{"sync_reason": reason.String()})
	}
	err = s.store.Write(ctx, func(tx store.Tx) error { return s.queueSync(ctx, tx, tenant, user) })
	if err != nil {
		return nil, err
	}
	st, err := s.status(ctx, tenant, user)
	if err != nil {
		return nil, err
	}
	return &contactsyncv1.RunMyContactSyncResponse{Status: st}, nil
}

// ListContactSyncStatuses lists a tenant's mailboxes' statuses.
func (s *Service) ListContactSyncStatuses(ctx context.Context, req *contactsyncv1.ListContactSyncStatusesRequest) (*contactsyncv1.ListContactSyncStatusesResponse, error) {
	after, limit, err := paging.Parse(req.PageSize, req.PageToken)
	if err != nil {
		return nil, err
	}
	boxes, err := s.store.Mailboxes(ctx, req.Tenant, after, limit)
	if err != nil {
		return nil, err
	}
	resp := &contactsyncv1.ListContactSyncStatusesResponse{}
	for _, m := range boxes {
		st, err := s.statusOf(ctx, m)
		if err != nil {
			return nil, err
		}
		resp.Statuses = append(resp.Statuses, st)
	}
	if n := len(boxes); n > 0 {
		resp.NextPageToken = paging.Next(n, limit, boxes[n-1].User)
	}
	return resp, nil
}
