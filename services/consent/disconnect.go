package consent

import (
	"context"
	"errors"

	"github.com/liaisonhq/liaison/platform/apierror"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/provider"
	"github.com/liaisonhq/liaison/services/consent/store"
	"google.golang.org/grpc/codes"
)

// Disconnect disconnects the caller in one step and returns the receipt.
func (s *Service) Disconnect(ctx context.Context, _ *consentv1.DisconnectRequest) (*consentv1.DisconnectResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	return s.revoke(ctx, p.Tenant, p.Subject, consentv1.ConsentEvent_USER_REQUEST, "")
}

// revoke disconnects a user: where both-ways consent was ever given it asks
// the network to delete the contacts it imported, then revokes the tokens at
// the network, then removes the link with a REVOKED ledger event. The
// network's steps come first so that, if it cannot be reached, nothing has
// changed and the whole revocation can be retried; a step the network
// refuses for good (the member already revoked the tokens) becomes a
// warning on the receipt.
func (s *Service) revoke(ctx context.Context, tenant, user string, reason consentv1.ConsentEvent_Reason, actor string) (*consentv1.DisconnectResponse, error) {
	link, err := s.linkOf(ctx, s.store, tenant, user)
	if err != nil || link == nil {
		return &consentv1.DisconnectResponse{}, err
	}
	receipt := &consentv1.DisconnectResponse{MemberId: link.MemberID}
	access, refresh := s.openTokens(link)
	if access == "" && refresh == "" {
		receipt.Warnings = append(receipt.Warnings, "the stored LinkedIn tokens could not be read, so LinkedIn was not asked to revoke them")
	}
	if link.EverBidirectional && (access != "" || refresh != "") {
		deleted, err := s.deleteImportedContacts(ctx, access, refresh)
		switch {
		case errors.Is(err, provider.ErrUnavailable):
			return nil, apierror.Unavailable("LinkedIn")
		case err != nil:
			s.Logger.WarnContext(ctx, "LinkedIn did not delete the imported contacts", "error", err)
			receipt.Warnings = append(receipt.Warnings, "LinkedIn refused to delete the contacts imported from the organization")
		default:
			receipt.ImportedContactsDeleted = deleted
		}
	}
	if token := firstNonEmpty(refresh, access); token != "" {
		err := s.Provider.Revoke(ctx, token)
		switch {
		case errors.Is(err, provider.ErrUnavailable):
			return nil, apierror.Unavailable("LinkedIn")
		case err != nil:
			s.Logger.WarnContext(ctx, "LinkedIn did not revoke the tokens", "error", err)
			receipt.Warnings = append(receipt.Warnings, "LinkedIn refused to revoke the tokens")
		default:
			receipt.ProviderTokensRevoked = true
		}
	}
	event, err := s.record(ctx, tenant, user, func(tx store.Tx) (*change, error) {
		current, err := s.linkOf(ctx, tx, tenant, user)
		if err != nil || current == nil {
			return nil, err
		}
		if current.Revision != link.Revision {
			// Reconnected meanwhile: those newer tokens were not revoked.
			return nil, &apierror.Error{Code: codes.Aborted, Reason: typev1.ErrorReason_ETAG_MISMATCH,
				Message: "the connection changed while it was being disconnected; disconnect again"}
		}
		return &change{
			event: &consentv1.ConsentEvent{
				Kind: consentv1.ConsentEvent_REVOKED, Reason: reason, Actor: actor,
				PreviousDirection: current.Direction, MemberId: current.MemberID,
			},
			apply: func(tx store.Tx, _ int64) error { return tx.DeleteLink(ctx, tenant, user) },
		}, nil
	})
	if err != nil {
		return nil, err
	}
	if event != nil {
		receipt.GrantRevoked, receipt.Revision = true, event.Revision
	}
	return receipt, nil
}

// deleteImportedContacts asks the network to delete what it imported, with
// a refreshed access token when the stored one has expired.
func (s *Service) deleteImportedContacts(ctx context.Context, access, refresh string) (int64, error) {
	deleted, err := s.Provider.DeleteImportedContacts(ctx, access)
	if !errors.Is(err, provider.ErrUnauthorized) || refresh == "" {
		return deleted, err
	}
	fresh, err := s.Provider.Refresh(ctx, refresh)
	if err != nil {
		return 0, err
	}
	return s.Provider.DeleteImportedContacts(ctx, fresh.AccessToken)
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
