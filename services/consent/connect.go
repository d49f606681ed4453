package consent

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/redirect"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/provider"
	"github.com/liaisonhq/liaison/services/consent/store"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Outcomes added to the redirect URI as the "linkedin" query parameter.
const (
	outcomeConnected = "connected"
	outcomeDenied    = "denied"
)

// StartConnection checks policy, remembers the started authorization under
// a fresh state, and returns the network's authorization URL.
func (s *Service) StartConnection(ctx context.Context, req *consentv1.StartConnectionRequest) (*consentv1.StartConnectionResponse, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if !redirect.Allowed(req.RedirectUri, s.RedirectOrigins) {
		return nil, apierror.InvalidField("redirect_uri", "must be an http(s) URL starting with one of: "+strings.Join(s.RedirectOrigins, ", "))
	}
	if err := s.requireDirection(ctx, p.Tenant, p.Subject, req.Direction); err != nil {
		return nil, err
	}
	email, err := s.userEmail(ctx, p.Tenant, p.Subject)
	if err != nil {
		return nil, err
	}
	state, err := newState()
	if err != nil {
		return nil, err
	}
	binding, err := newState()
	if err != nil {
		return nil, err
	}
	verifier, challenge := provider.NewPKCE()
	now := s.now()
	hash := stateHash(state)
	pending := &store.PendingAuthorization{
		StateHash: hash, Tenant: p.Tenant, User: p.Subject, Direction: req.Direction, RedirectURI: req.RedirectUri,
		BindingHash:  stateHash(binding),
		CodeVerifier: s.Sealer.Seal([]byte(verifier), []byte(hash)), CreateTime: now, ExpireTime: now.Add(s.StateTTL),
	}
	err = s.store.Write(ctx, func(tx store.Tx) error {
		if _, err := tx.DeleteExpiredPending(ctx, now); err != nil {
			return err
		}
		return tx.CreatePending(ctx, pending)
	})
	if err != nil {
		return nil, err
	}
	if err := grpc.SetHeader(ctx, metadata.Pairs(consentv1.BrowserBindingMetadata, binding)); err != nil {
		return nil, err
	}
	return &consentv1.StartConnectionResponse{
		AuthorizationUrl: s.Provider.AuthorizationURL(state, challenge, s.CallbackURL, provider.ScopesFor(req.Direction), email),
		ExpireTime:       timestamppb.New(pending.ExpireTime),
	}, nil
}

// requireDirection asks policy whether the user may connect, and for
// BIDIRECTIONAL also share data with LinkedIn (the tenant's cap).
func (s *Service) requireDirection(ctx context.Context, tenant, user string, direction typev1.ConsentDirection) error {
	if err := s.requireAccess(ctx, tenant, user, connectCapability); err != nil {
		return err
	}
	if direction == typev1.ConsentDirection_BIDIRECTIONAL {
		return s.requireAccess(ctx, tenant, user, shareCapability)
	}
	return nil
}

// sameBrowser reports whether the callback carries the binding secret of
// the browser that started the connection.
func sameBrowser(ctx context.Context, pending *store.PendingAuthorization) bool {
	values := metadata.ValueFromIncomingContext(ctx, consentv1.BrowserBindingMetadata)
	if len(values) == 0 || pending.BindingHash == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(stateHash(values[0])), []byte(pending.BindingHash)) == 1
}

// newState returns 256 random bits, URL-safe.
func newState() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// stateHash is how a state is stored: a leaked database cannot complete
// anyone's connection.
func stateHash(state string) string {
	sum := sha256.Sum256([]byte(state))
	return hex.EncodeToString(sum[:])
}

// CompleteConnection finishes a connection from the network's callback. The
// state is taken (it works once) before anything else; when the network
// cannot be reached for the code exchange it is put back, so the browser may
// retry the callback.
func (s *Service) CompleteConnection(ctx context.Context, req *consentv1.CompleteConnectionRequest) (*consentv1.CompleteConnectionResponse, error) {
	pending, err := s.takePending(ctx, req.State)
	if err != nil {
		return nil, err
	}
	if !sameBrowser(ctx, pending) {
		return nil, apierror.InvalidField("state", "was started in another browser: start the connection again from this one")
	}
	if req.Error != "" {
		// The member declined (or the network refused): nothing to store.
		return &consentv1.CompleteConnectionResponse{
			RedirectUrl: withOutcome(pending.RedirectURI, outcomeDenied),
			Connection:  connectionOf(pending.Tenant, pending.User, nil),
		}, nil
	}
	if req.Code == "" {
		return nil, apierror.InvalidField("code", "is required unless error is set")
	}
	verifier, err := s.Sealer.Open(pending.CodeVerifier, []byte(pending.StateHash))
	if err != nil {
		return nil, err
	}
	token, err := s.Provider.Exchange(ctx, req.Code, string(verifier), s.CallbackURL)
	switch {
	case errors.Is(err, provider.ErrUnavailable):
		// Even when our caller has gone: the browser may retry.
		keep := context.WithoutCancel(ctx)
		if restoreErr := s.store.Write(keep, func(tx store.Tx) error { return tx.CreatePending(keep, pending) }); restoreErr != nil {
			s.Logger.WarnContext(ctx, "could not restore the authorization state", "error", restoreErr)
		}
		return nil, apierror.Unavailable("LinkedIn")
	case errors.Is(err, provider.ErrInvalidGrant):
		return nil, apierror.InvalidField("code", "was refused by LinkedIn (expired, already used, or not issued for this connection): start the connection again")
	case err != nil:
		return nil, err
	}
	link, err := s.linkToken(ctx, pending, token)
	if err != nil {
		s.revokeQuietly(ctx, token.RefreshToken, token.AccessToken)
		return nil, err
	}
	return &consentv1.CompleteConnectionResponse{
		RedirectUrl: withOutcome(pending.RedirectURI, outcomeConnected),
		Connection:  connectionOf(pending.Tenant, pending.User, link),
	}, nil
}

// takePending consumes a state; unknown, used and expired states are all
// the same bad request.
func (s *Service) takePending(ctx context.Context, state string) (*store.PendingAuthorization, error) {
	var pending *store.PendingAuthorization
	err := s.store.Write(ctx, func(tx store.Tx) (err error) {
		pending, err = tx.TakePending(ctx, stateHash(state))
		return err
	})
	if errors.Is(err, store.ErrNotFound) || (err == nil && s.now().After(pending.ExpireTime)) {
		return nil, apierror.InvalidField("state", "is unknown, already used or expired: start the connection again")
	}
	return pending, err
}

// linkToken learns who the member is, checks policy again (it may have
// changed while the user was at LinkedIn), and stores the link and grant.
func (s *Service) linkToken(ctx context.Context, pending *store.PendingAuthorization, token *provider.Token) (*store.Link, error) {
	member, err := s.Provider.Member(ctx, token.AccessToken)
	if err != nil {
		s.Logger.WarnContext(ctx, "reading the LinkedIn member failed", "error", err)
		return nil, apierror.Unavailable("LinkedIn (start the connection again)")
	}
	direction, err := grantedDirection(pending.Direction, token.Scopes)
	if err != nil {
		return nil, err
	}
	if err := s.requireDirection(ctx, pending.Tenant, pending.User, direction); err != nil {
		return nil, err
	}
	now := s.now()
	link := &store.Link{
		Tenant: pending.Tenant, User: pending.User, MemberID: member.ID, Direction: direction,
		Scopes:            token.Scopes,
		AccessToken:       s.Sealer.Seal([]byte(token.AccessToken), tokenAAD(pending.Tenant, pending.User, "access")),
		RefreshToken:      s.Sealer.Seal([]byte(token.RefreshToken), tokenAAD(pending.Tenant, pending.User, "refresh")),
		TokenExpiry:       token.Expiry,
		EverBidirectional: direction == typev1.ConsentDirection_BIDIRECTIONAL,
		ConnectTime:       now, UpdateTime: now,
	}
	err = s.store.Write(ctx, func(tx store.Tx) error {
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
			return nil, apierror.AlreadyExists("LinkedIn account connected to another user of the tenant", member)
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
				return nil, &apierror.Error{Code: codes.Aborted, Reason: typev1.ErrorReason_ETAG_MISMATCH,
					Message: "the connection changed meanwhile: start the connection again"}
			}
			// The same account, authorized again (say, to share both ways):
			// the connection keeps its history.
			event.PreviousDirection = previous.Direction
			link.ConnectTime = previous.ConnectTime
			link.EverBidirectional = link.EverBidirectional || previous.EverBidirectional
		}
		return &change{event: event, apply: func(tx store.Tx, rev int64) error {
			link.Revision = rev
			return tx.PutLink(ctx, link)
		}}, nil
	}
}

// grantedDirection is the direction the network's grant supports: the one
// asked for, or one way when the member granted only the LinkedIn to
// organization scopes. A network that does not say what it granted granted
// what was asked.
func grantedDirection(asked typev1.ConsentDirection, scopes []string) (typev1.ConsentDirection, error) {
	switch {
	case len(scopes) == 0 || provider.Covers(scopes, asked):
		return asked, nil
	case provider.Covers(scopes, typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION):
		return typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION, nil
	default:
		return 0, apierror.FailedPrecondition(typev1.ErrorReason_REAUTHORIZATION_REQUIRED,
			"LinkedIn granted less than a connection needs: start the connection again and allow every permission", nil)
	}
}

// withOutcome adds the outcome to the redirect URI's query.
func withOutcome(redirect, outcome string) string {
	u, err := url.Parse(redirect)
	if err != nil {
		return redirect
	}
	q := u.Query()
	q.Set("linkedin", outcome)
	u.RawQuery = q.Encode()
	return u.String()
}
