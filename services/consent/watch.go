package consent

import (
	"context"

	"github.com/liaisonhq/liaison/platform/changelog"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// Watch streams the consent ledger from a revision, then new events as they
// commit. Without a tenant it streams every tenant's, to services and
// operators only.
func (s *Service) Watch(req *consentv1.WatchRequest, stream consentv1.ConsentService_WatchServer) error {
	ctx := stream.Context()
	return changelog.ServeWatch(ctx, s.store.Log(), changelog.Watch{From: req.FromRevision, Tenant: req.Tenant},
		s.ledgerEvents(req.Tenant),
		func(events []*consentv1.ConsentEvent, revision int64) error {
			return stream.Send(&consentv1.WatchResponse{Events: events, Revision: revision})
		})
}

// ledgerEvents reads the ledger events of a batch of the change log: each
// entry is the event of the same revision, so the ledger after the one
// before the first entry holds exactly the batch's events.
func (s *Service) ledgerEvents(tenant string) func(context.Context, []changelog.Entry) ([]*consentv1.ConsentEvent, error) {
	return func(ctx context.Context, entries []changelog.Entry) ([]*consentv1.ConsentEvent, error) {
		return s.store.Events(ctx, entries[0].Revision-1, tenant, len(entries))
	}
}

// GetHeadRevision returns the newest committed revision: a read barrier
// for the services that follow Watch into a view in memory.
func (s *Service) GetHeadRevision(ctx context.Context, _ *consentv1.GetHeadRevisionRequest) (*consentv1.GetHeadRevisionResponse, error) {
	head, err := s.store.Log().CommittedHead(ctx)
	if err != nil {
		return nil, err
	}
	return &consentv1.GetHeadRevisionResponse{Revision: head}, nil
}
