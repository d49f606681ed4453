package consent

import (
	"context"
	"errors"

	"github.com/liaisonhq/liaison/platform/apierror"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/linkedin"
)

const messageAccountInUse = "This LinkedIn account is connected to another user of your organization."

// linkToken learns who the member is, checks policy again (it may have
// changed while the user was at LinkedIn), and stores the link and grant.
func (s *Service) linkToken(ctx context.Context, pending *store.PendingAuthorization, token *linkedin.Token) (*store.Link, error) {
	member, err := s.Provider.Member(ctx, token.AccessToken)
	if err != nil {
		return nil, s.linkedInFailure(ctx, "reading the member", err)
	}
	direction, err := grantedDirection(pending.Direction, token.Scopes)
	if err != nil {
		return nil, err
	}
	now := s.now()
	link := &store.Link{
		Tenant: pending.Tenant, User: pending.User, MemberID: member.ID, Direction: direction,
		Scopes:            token.Scopes,
		TokenExpiry:       token.Expiry,
		EverBidirectional: direction == typev1.ConsentDirection_BIDIRECTIONAL,
		ConnectTime:       now, UpdateTime: now,
	}
	link.AccessToken, link.RefreshToken = s.sealTokens(pending.Tenant, pending.User, token)
	mayConnect := func(ctx context.Context, minRevision int64) (int64, error) {
		return s.requireDirection(ctx, pending.Tenant, pending.User, direction, minRevision)
	}
	err = s.writeCheckedByPolicy(ctx, mayConnect, func(tx store.Tx) error {
		// Connecting another LinkedIn account disconnects the one before,
		// in full and in the same transaction: its grant is revoked here,
		// and at LinkedIn from the queue, what it imported deleted too.
		previous, err := s.linkOf(ctx, tx, pending.Tenant, pending.User)
		if err != nil {
			return err
		}
		if previous != nil && previous.MemberID != member.ID {
			if _, err := s.revokeIn(ctx, tx, pending.Tenant, pending.User, consentv1.ConsentEvent_USER_REQUEST, pending.User); err != nil {
				return err
			}
		}
		_, err = s.recordIn(ctx, tx, pending.Tenant, pending.User, s.grant(ctx, pending, member.ID, link))
		return err
	})
	if err != nil {
		return nil, err
	}
	return link, nil
}

// grant prepares the GRANTED event of a link to member.
func (s *Service) grant(ctx context.Context, pending *store.PendingAuthorization, member string, link *store.Link) func(store.Tx) (*change, error) {
	return func(tx store.Tx) (*change, error) {
		other, err := tx.GetLinkByMember(ctx, pending.Tenant, member)
		switch {
		case err == nil && other.User != pending.User:
			return nil, failure(reasonAccountInUse, messageAccountInUse)
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
		previous, err := s.linkOf(ctx, tx, pending.Tenant, pending.User)
		if err != nil {
			return nil, err
		}
		// The callback carries no token: the grant is the user's own act,
		// proven by the state they started.
		event := &consentv1.ConsentEvent{
			Kind: consentv1.ConsentEvent_GRANTED, Reason: consentv1.ConsentEvent_USER_REQUEST, Actor: pending.User,
			Direction: link.Direction, MemberId: member,
		}
		if previous != nil {
			if previous.MemberID != member {
				// Another account got connected meanwhile: start again.
				return nil, failure(reasonConnectionChanged, "Another LinkedIn account was connected meanwhile; start the connection again.")
			}
			// The same account, authorized again (say, to share both ways):
			// the connection keeps its history.
			event.PreviousDirection = previous.Direction
			link.ConnectTime = previous.ConnectTime
			link.EverBidirectional = link.EverBidirectional || previous.EverBidirectional
		}
		return &change{event: event, apply: func(tx store.Tx, rev int64) error {
			link.Revision = rev
			if err := tx.PutLink(ctx, link); err != nil {
				return err
			}
			if previous == nil || !narrows(previous.Direction, link.Direction) {
				return nil
			}
			// Authorized again for one way only: a narrowing, so what
			// LinkedIn imported from the organization goes, with the
			// tokens of the grant that allowed importing it.
			_, err := s.queueContactsDeletion(ctx, tx, previous, rev)
			return err
		}}, nil
	}
}

// grantedDirection is the direction the network's grant supports: the one
// asked for, or one way when the member granted only the LinkedIn to
// organization scopes. A network that does not say what it granted granted
// what was asked.
func grantedDirection(asked typev1.ConsentDirection, scopes []string) (typev1.ConsentDirection, error) {
	switch {
	case len(scopes) == 0 || linkedin.Covers(scopes, asked):
		return asked, nil
	case linkedin.Covers(scopes, typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION):
		return typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION, nil
	default:
		return 0, apierror.FailedPrecondition(typev1.ErrorReason_REAUTHORIZATION_REQUIRED,
			"LinkedIn granted less than a connection needs; start the connection again and allow every permission.", nil)
	}
}

// handBack gives LinkedIn back the tokens of a connection that failed after
// the code exchange. Their revocation is queued as a disconnection's is, so
// an outage at LinkedIn delays it but never drops it; only when even that
// cannot be stored are they revoked at once, as well as can be.
func (s *Service) handBack(ctx context.Context, pending *store.PendingAuthorization, token *linkedin.Token) {
	ctx = context.WithoutCancel(ctx) // a clean-up must not end with the request
	unlinked := &store.Link{Tenant: pending.Tenant, User: pending.User}
	unlinked.AccessToken, unlinked.RefreshToken = s.sealTokens(pending.Tenant, pending.User, token)
	err := s.store.Write(ctx, func(tx store.Tx) error {
		_, err := s.queueCleanup(ctx, tx, unlinked, 0)
		return err
	})
	if err != nil {
		s.Logger.WarnContext(ctx, "queueing the revocation of a failed connection's tokens failed", "error", err)
		s.revokeQuietly(ctx, token.RefreshToken, token.AccessToken)
	}
}
