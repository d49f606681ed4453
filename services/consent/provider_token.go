package consent

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/liaisonhq/liaison/platform/apierror"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/linkedin"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// tokenRefreshMargin: a token that expires sooner is refreshed before it is
// handed out, so the caller has time to use it.
const tokenRefreshMargin = 60 * time.Second

// refreshAttempts bounds how often one refresh starts again because the
// link changed under it (a reconnection, another replica's refresh).
const refreshAttempts = 2

// providerToken is a user's access token, in clear, with the link it
// belongs to and how far the change log was applied when the link was read.
type providerToken struct {
	link   *store.Link
	access string
	head   int64
}

// GetProviderToken hands a user's LinkedIn access token to the services
// that read LinkedIn for them, refreshing it first when it is about to
// expire. The token is a secret: it is never logged, nor kept in clear.
func (s *Service) GetProviderToken(ctx context.Context, req *consentv1.GetProviderTokenRequest) (*consentv1.GetProviderTokenResponse, error) {
	token, _, err := s.readToken(ctx, s.store, req.Tenant, req.User)
	if err != nil {
		return nil, err
	}
	if token.stale(s.now()) {
		if token, err = s.refreshOnce(ctx, req.Tenant, req.User); err != nil {
			return nil, err
		}
	}
	resp := &consentv1.GetProviderTokenResponse{
		AccessToken: token.access, MemberId: token.link.MemberID, Direction: token.link.Direction,
		Revision: max(token.head, token.link.Revision),
	}
	if !token.link.TokenExpiry.IsZero() {
		resp.ExpireTime = timestamppb.New(token.link.TokenExpiry)
	}
	return resp, nil
}

// readToken reads the user's link and opens its tokens; it returns the
// refresh token beside. A user without a link is NOT_CONNECTED.
func (s *Service) readToken(ctx context.Context, r store.Reader, tenant, user string) (*providerToken, string, error) {
	// The answer reflects the log at least as far as it was applied before
	// the read, as GetConsent's does.
	head := s.store.Log().Hub().Head()
	link, err := s.linkOf(ctx, r, tenant, user)
	if err != nil {
		return nil, "", err
	}
	if link == nil {
		return nil, "", notConnected("the user has no LinkedIn connection")
	}
	access, refresh := s.openSealed(tenant, user, link.AccessToken, link.RefreshToken)
	return &providerToken{link: link, access: access, head: head}, refresh, nil
}

// stale says the token must be refreshed before it is handed out: it did
// not open, or it expires within the margin. A network that gave no expiry
// gave a token that does not expire as far as we know.
func (t *providerToken) stale(now time.Time) bool {
	expiry := t.link.TokenExpiry
	return t.access == "" || (!expiry.IsZero() && !expiry.After(now.Add(tokenRefreshMargin)))
}

// refreshOnce refreshes the user's token, once for all the callers asking
// at the same time. The refresh runs detached from the caller that started
// it: another caller's giving up must neither fail the rest nor drop tokens
// LinkedIn has already issued. A caller may still stop waiting.
func (s *Service) refreshOnce(ctx context.Context, tenant, user string) (*providerToken, error) {
	done := s.refreshes.DoChan(tenant+"\x00"+user, func() (any, error) {
		return s.refresh(context.WithoutCancel(ctx), tenant, user)
	})
	select {
	case r := <-done:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*providerToken), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// errTokensChanged: the link's tokens are not the ones refreshed any more.
var errTokensChanged = errors.New("the link's tokens changed during the refresh")

// refresh gets the user a new access token from LinkedIn and stores it on
// the link, with no ledger event: a refresh is no consent change.
func (s *Service) refresh(ctx context.Context, tenant, user string) (*providerToken, error) {
	for range refreshAttempts {
		// Read again: a refresh that ended just before this one began has
		// stored a fresh token already.
		token, refreshToken, err := s.readToken(ctx, s.store, tenant, user)
		if err != nil || !token.stale(s.now()) {
			return token, err
		}
		if refreshToken == "" {
			return nil, notConnected(messageConnectAgain)
		}
		fresh, err := s.Provider.Refresh(ctx, refreshToken)
		if err != nil {
			return nil, s.refreshFailure(ctx, err)
		}
		renewed := *token.link
		renewed.AccessToken, renewed.RefreshToken = s.sealTokens(tenant, user, &linkedin.Token{
			AccessToken: fresh.AccessToken, RefreshToken: cmp.Or(fresh.RefreshToken, refreshToken),
		})
		renewed.TokenExpiry = fresh.Expiry
		if len(fresh.Scopes) > 0 {
			renewed.Scopes = fresh.Scopes
		}
		err = s.store.Write(ctx, func(tx store.Tx) error {
			// Only over the tokens refreshed: newer ones (a reconnection)
			// must not give way to these. Writes never overlap, so what is
			// read here stays until the update.
			current, err := s.linkOf(ctx, tx, tenant, user)
			if err != nil {
				return err
			}
			if current == nil || current.MemberID != renewed.MemberID || !bytes.Equal(current.RefreshToken, token.link.RefreshToken) {
				return errTokensChanged
			}
			return tx.UpdateLinkTokens(ctx, &renewed)
		})
		switch {
		case err == nil:
			return &providerToken{link: &renewed, access: fresh.AccessToken, head: token.head}, nil
		case !errors.Is(err, errTokensChanged) && !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
		// Disconnected, reconnected or refreshed meanwhile: the
		// tokens just issued are left unused (revoking them could end the
		// grant now stored), and the link is read again.
	}
	return nil, &apierror.Error{
		Code: codes.Unavailable, Reason: typev1.ErrorReason_DEPENDENCY_UNAVAILABLE,
		Message:  "the user's LinkedIn connection kept changing while its token was refreshed; try again",
		Metadata: map[string]string{"dependency": "LinkedIn"},
	}
}

const messageConnectAgain = "LinkedIn no longer accepts the user's authorization; the user must connect their LinkedIn account again"

// refreshFailure is what a refused or failed refresh means for the caller.
// A refused one leaves the link as it is: disconnecting is the user's or
// policy's act, and the user may still connect again.
func (s *Service) refreshFailure(ctx context.Context, err error) error {
	switch {
	case errors.Is(err, linkedin.ErrInvalidGrant):
		s.Logger.InfoContext(ctx, "LinkedIn refused to refresh a user's token", "error", err)
		return notConnected(messageConnectAgain)
	case errors.Is(err, linkedin.ErrUnavailable):
		s.Logger.WarnContext(ctx, "LinkedIn was unavailable to refresh a user's token", "error", err)
		return apierror.Unavailable("LinkedIn")
	default:
		// The provider's errors never hold a token.
		return fmt.Errorf("refreshing a LinkedIn token: %w", err)
	}
}

// notConnected is FAILED_PRECONDITION NOT_CONNECTED: there is no token to
// give until the user connects (again).
func notConnected(message string) error {
	return apierror.FailedPrecondition(typev1.ErrorReason_NOT_CONNECTED, message, nil)
}
