package consent

import (
	"context"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/requestid"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// change is one consent change, prepared inside the transaction from what
// the transaction reads: the ledger event, and how to apply it at the
// event's revision.
type change struct {
	event *consentv1.ConsentEvent
	apply func(tx store.Tx, revision int64) error
}

// recordIn makes one change to a user's consent inside tx. prepare returns
// the change, or nil when there is nothing to do; the ledger event commits
// with the change, and once it has, the change log drops the user's cached
// consent and wakes watchers, so the caller's next read already sees it. It
// returns the event, nil when nothing changed.
func (s *Service) recordIn(ctx context.Context, tx store.Tx, tenant, user string, prepare func(tx store.Tx) (*change, error)) (*consentv1.ConsentEvent, error) {
	c, err := prepare(tx)
	if err != nil || c == nil {
		return nil, err
	}
	event := c.event
	event.Tenant, event.User = tenant, user
	event.Time, event.RequestId = timestamppb.New(s.now()), requestid.From(ctx)
	if event.Actor == "" {
		event.Actor = auth.Actor(ctx)
	}
	rev, err := tx.AppendEvent(ctx, event)
	if err != nil {
		return nil, err
	}
	return event, c.apply(tx, rev)
}
