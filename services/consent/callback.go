package consent

import (
	"context"
	"errors"
	"net/url"

	"github.com/liaisonhq/liaison/platform/apierror"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/linkedin"
	"google.golang.org/grpc/metadata"
)

// Outcomes added to the redirect URI as the "linkedin" query parameter.
const (
	outcomeConnected = "connected"
	outcomeDenied    = "denied"
	outcomeError     = "error"
)

// CompleteConnection finishes a connection from the network's callback.
// The state is taken first, and only with the binding of the browser that
// started it. A state that cannot be taken is an error: there is nowhere
// safe to send the browser. Once it is taken, every outcome, failures too,
// sends the browser back to the redirect URI (see failedConnection).
func (s *Service) CompleteConnection(ctx context.Context, req *consentv1.CompleteConnectionRequest) (*consentv1.CompleteConnectionResponse, error) {
	pending, err := s.takePending(ctx, req.State)
	if err != nil {
		return nil, err
	}
	done, err := s.finishConnection(ctx, pending, req)
	if err != nil {
		return s.failedConnection(ctx, pending, err), nil
	}
	return done, nil
}

// takePending consumes a state, if the callback comes from the browser that
// started it; a callback from another one leaves it for the right one, so
// nobody who sees a callback URL can cancel another person's connection.
func (s *Service) takePending(ctx context.Context, state string) (*store.PendingAuthorization, error) {
	var pending *store.PendingAuthorization
	err := s.store.Write(ctx, func(tx store.Tx) (err error) {
		pending, err = tx.TakePending(ctx, stateHash(state), callbackBinding(ctx))
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, apierror.InvalidField("state", "is unknown, already used or expired; start the connection again")
	case errors.Is(err, store.ErrOtherBrowser):
		return nil, apierror.InvalidField("state", "was started in another browser; start the connection again from this one")
	}
	return pending, err
}

// callbackBinding is the hash of the binding secret the callback carries,
// "" when it carries none (which matches no authorization).
func callbackBinding(ctx context.Context) string {
	values := metadata.ValueFromIncomingContext(ctx, consentv1.BrowserBindingMetadata)
	if len(values) == 0 || values[0] == "" {
		return ""
	}
	return stateHash(values[0])
}

// finishConnection does what the callback says with a taken authorization:
// a declined one is an outcome, a code is exchanged and linked.
func (s *Service) finishConnection(ctx context.Context, pending *store.PendingAuthorization, req *consentv1.CompleteConnectionRequest) (*consentv1.CompleteConnectionResponse, error) {
	if s.now().After(pending.ExpireTime) {
		return nil, failure(reasonExpired, "The connection was started too long ago; start it again.")
	}
	if req.Error != "" {
		return s.declined(ctx, pending, req.Error)
	}
	if req.Code == "" {
		return nil, failure(reasonCodeRejected, "LinkedIn sent no authorization code; start the connection again.")
	}
	token, err := s.exchange(ctx, pending, req.Code)
	if err != nil {
		return nil, err
	}
	link, err := s.linkToken(ctx, pending, token)
	if err != nil {
		s.handBack(ctx, pending, token)
		return nil, err
	}
	countGrant(ctx, pending.Direction)
	return &consentv1.CompleteConnectionResponse{
		RedirectUrl: withQuery(pending.RedirectURI, "linkedin", outcomeConnected),
		Connection:  connectionOf(pending.Tenant, pending.User, link),
	}, nil
}

// declined answers a callback that carries LinkedIn's OAuth error instead
// of a code (RFC 6749, 4.1.2.1).
func (s *Service) declined(ctx context.Context, pending *store.PendingAuthorization, oauthError string) (*consentv1.CompleteConnectionResponse, error) {
	switch oauthError {
	case "access_denied", "user_cancelled_login", "user_cancelled_authorize":
		// The member said no: an outcome, with nothing to store.
		return &consentv1.CompleteConnectionResponse{
			RedirectUrl: withQuery(pending.RedirectURI, "linkedin", outcomeDenied),
			Connection:  s.currentConnection(ctx, pending),
		}, nil
	case "temporarily_unavailable", "server_error":
		return nil, failure(reasonLinkedInUnavailable, messageLinkedInUnavailable)
	default:
		return nil, failure(reasonLinkedInError, "LinkedIn could not authorize the connection; start it again.")
	}
}

// exchange trades the code for tokens.
func (s *Service) exchange(ctx context.Context, pending *store.PendingAuthorization, code string) (*linkedin.Token, error) {
	verifier, err := s.Sealer.Open(pending.CodeVerifier, []byte(pending.StateHash))
	if err != nil {
		return nil, err
	}
	token, err := s.Provider.Exchange(ctx, code, string(verifier), s.CallbackURL)
	switch {
	case err == nil:
		return token, nil
	case errors.Is(err, linkedin.ErrInvalidGrant):
		return nil, failure(reasonCodeRejected,
			"LinkedIn refused the authorization code, which may have expired or been used already; start the connection again.")
	default:
		return nil, s.linkedInFailure(ctx, "exchanging the code", err)
	}
}

// linkedInFailure is what a failed call to LinkedIn means for the browser:
// come back when LinkedIn can be reached, or start again.
func (s *Service) linkedInFailure(ctx context.Context, call string, err error) error {
	if errors.Is(err, linkedin.ErrUnavailable) {
		return failure(reasonLinkedInUnavailable, messageLinkedInUnavailable)
	}
	s.Logger.WarnContext(ctx, "LinkedIn failed a call of the connect flow", "call", call, "error", err)
	return failure(reasonLinkedInError, "LinkedIn could not complete the connection; start it again.")
}

// currentConnection is the user's connection as it stands, for an answer
// that changed nothing; nil when it cannot be read, as the answer stands
// without it.
func (s *Service) currentConnection(ctx context.Context, pending *store.PendingAuthorization) *consentv1.Connection {
	link, err := s.linkOf(ctx, s.store, pending.Tenant, pending.User)
	if err != nil {
		return nil
	}
	return connectionOf(pending.Tenant, pending.User, link)
}

// withQuery sets query parameters (key, value, key, value...) on the
// redirect URI.
func withQuery(redirect string, pairs ...string) string {
	u, err := url.Parse(redirect)
	if err != nil {
		return redirect
	}
	q := u.Query()
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Set(pairs[i], pairs[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}
