package consent

import (
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/changefeed"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// watchProgress is how often an idle stream gets a progress notice.
const watchProgress = 30 * time.Second

// Watch streams the consent ledger from a revision, then new events as they
// commit. Without a tenant it streams every tenant's, to services and
// operators only.
func (s *Service) Watch(req *consentv1.WatchRequest, stream consentv1.ConsentService_WatchServer) error {
	ctx := stream.Context()
	if err := auth.RequireReaderOf(ctx, req.Tenant); err != nil {
		return err
	}
	return changefeed.Stream(ctx, s.feed, req.FromRevision, watchProgress, s.eventsAfter(req.Tenant),
		func(events []*consentv1.ConsentEvent, revision int64) error {
			return stream.Send(&consentv1.WatchResponse{Events: events, Revision: revision})
		})
}
