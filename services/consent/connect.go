package consent

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/redirect"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/linkedin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// maxPendingStarts is how many started connections one user may have
// waiting for LinkedIn. Starting one more replaces their oldest rather than
// being refused: the bound is on what we store, and a user who abandoned a
// few tabs must not be locked out until they expire (the rate of starts is
// the gateway's to limit).
const maxPendingStarts = 5

// StartConnection checks policy, remembers the started authorization under
// a fresh state, and returns the network's authorization URL.
func (s *Service) StartConnection(ctx context.Context, req *consentv1.StartConnectionRequest) (*consentv1.StartConnectionResponse, error) {
	p := auth.FromContext(ctx) // a user of a tenant: the access rules say so
	if !redirect.Allowed(req.RedirectUri, s.RedirectOrigins) {
		return nil, apierror.InvalidField("redirect_uri", "must be an http(s) URL under one of "+strings.Join(s.RedirectOrigins, ", ")+
			", with "+redirect.PathRule)
	}
	if _, err := s.requireDirection(ctx, p.Tenant, p.Subject, req.Direction, 0); err != nil {
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
	verifier, challenge := linkedin.NewPKCE()
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
		if _, err := tx.TrimPending(ctx, p.Tenant, p.Subject, maxPendingStarts-1); err != nil {
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
		AuthorizationUrl: s.Provider.AuthorizationURL(state, challenge, s.CallbackURL, linkedin.ScopesFor(req.Direction), email),
		ExpireTime:       timestamppb.New(pending.ExpireTime),
	}, nil
}

// requireDirection asks policy, at minRevision or later, whether the user
// may connect, and for BIDIRECTIONAL also share data with LinkedIn (the
// tenant's cap). It returns the older revision of policy's answers.
func (s *Service) requireDirection(ctx context.Context, tenant, user string, direction typev1.ConsentDirection, minRevision int64) (int64, error) {
	revision, err := s.requireAccess(ctx, tenant, user, connectCapability, minRevision)
	if err != nil || direction != typev1.ConsentDirection_BIDIRECTIONAL {
		return revision, err
	}
	shared, err := s.requireAccess(ctx, tenant, user, shareCapability, minRevision)
	return min(revision, shared), err
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
