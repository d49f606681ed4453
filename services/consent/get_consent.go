package consent

import (
	"context"
	"errors"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// GetConsent answers whether a user has consented and in which direction.
// Users may ask about themselves; tenant readers and services about anyone.
func (s *Service) GetConsent(ctx context.Context, req *consentv1.GetConsentRequest) (*consentv1.GetConsentResponse, error) {
	// Once this replica has applied the log up to min_revision, no answer
	// it holds predates a change up to there.
	if err := s.store.Log().WaitFor(ctx, req.MinRevision); err != nil {
		return nil, err
	}
	// How far the log is applied is read first: a kept answer (dropped when
	// a change to the user is applied, before the log moves on) or one read
	// now is current at least up to there.
	head := s.store.Log().Hub().Head()
	answer, gen := s.consents.get(req.Tenant, req.User)
	if answer != nil {
		if answer.Revision >= head {
			return answer, nil
		}
		// Kept answers are shared: the later revision goes on a copy.
		return &consentv1.GetConsentResponse{
			State: answer.State, Direction: answer.Direction, MemberId: answer.MemberId, Revision: head,
		}, nil
	}
	link, err := s.store.GetLink(ctx, req.Tenant, req.User)
	switch {
	case errors.Is(err, store.ErrNotFound):
		answer = &consentv1.GetConsentResponse{State: consentv1.ConnectionState_NOT_CONNECTED, Revision: head}
	case err != nil:
		return nil, err
	default:
		answer = &consentv1.GetConsentResponse{
			State: consentv1.ConnectionState_CONNECTED, Direction: link.Direction, MemberId: link.MemberID,
			Revision: max(head, link.Revision),
		}
	}
	s.consents.put(req.Tenant, req.User, gen, answer)
	return answer, nil
}
