package consent

import (
	"context"
	"errors"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/requestid"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Why a callback whose state was taken failed: the "reason" query parameter
// beside linkedin=error, stable for front ends to branch on (listed in
// CompleteConnectionResponse's comment).
const (
	reasonExpired             = "expired"
	reasonLinkedInUnavailable = "linkedin_unavailable"
	reasonLinkedInError       = "linkedin_error"
	reasonCodeRejected        = "code_rejected"
	reasonPolicyDenied        = "policy_denied"
	reasonInsufficientScope   = "insufficient_scope"
	reasonAccountInUse        = "account_in_use"
	reasonConnectionChanged   = "connection_changed"
	reasonUnavailable         = "unavailable"
	reasonInternalError       = "internal_error"
)

const messageLinkedInUnavailable = "LinkedIn is unavailable; start the connection again."

// callbackFailure is a failed connection as the browser learns of it.
type callbackFailure struct {
	reason  string
	message string
}

func (f *callbackFailure) Error() string { return f.reason + ": " + f.message }

func failure(reason, message string) error { return &callbackFailure{reason: reason, message: message} }

// failedConnection answers a callback that failed after its state was
// taken: the browser goes back to the redirect URI with linkedin=error and
// the reason. The message is in the answer, not the URL, so a page shows
// its own words for the reason and never text from its query.
//
// When LinkedIn could not be reached, the authorization is put back as it
// was (same binding, same expiry): the browser may open the same
// authorization URL again, or retry the callback, until it expires. Every
// other failure used the state up, so the user starts again.
func (s *Service) failedConnection(ctx context.Context, pending *store.PendingAuthorization, err error) *consentv1.CompleteConnectionResponse {
	f := s.failureOf(ctx, err)
	if f.reason == reasonLinkedInUnavailable {
		s.restorePending(ctx, pending)
	}
	s.Logger.InfoContext(ctx, "a connection failed", "reason", f.reason, "tenant", pending.Tenant, "user", pending.User)
	return &consentv1.CompleteConnectionResponse{
		RedirectUrl:  withQuery(pending.RedirectURI, "linkedin", outcomeError, "reason", f.reason),
		Connection:   s.currentConnection(ctx, pending),
		ErrorReason:  f.reason,
		ErrorMessage: f.message,
	}
}

// failureOf says what err means for the browser. Our own faults are
// logged here, as the call itself succeeds.
func (s *Service) failureOf(ctx context.Context, err error) callbackFailure {
	var f *callbackFailure
	if errors.As(err, &f) {
		return *f
	}
	var apiErr *apierror.Error
	if errors.As(err, &apiErr) {
		switch apiErr.Reason {
		case typev1.ErrorReason_POLICY_DENIED:
			return callbackFailure{reasonPolicyDenied, apiErr.Message}
		case typev1.ErrorReason_RESOURCE_NOT_FOUND:
			// The tenant is gone from policy.
			return callbackFailure{reasonPolicyDenied, "Your organization no longer allows this connection."}
		case typev1.ErrorReason_REAUTHORIZATION_REQUIRED:
			return callbackFailure{reasonInsufficientScope, apiErr.Message}
		case typev1.ErrorReason_ETAG_MISMATCH:
			return callbackFailure{reasonConnectionChanged, apiErr.Message}
		}
	}
	if errors.Is(err, store.ErrAlreadyExists) {
		// Another user linked the member between our check and the write.
		return callbackFailure{reasonAccountInUse, messageAccountInUse}
	}
	sent, hidden := apierror.Translate(err, requestid.From(ctx))
	if hidden {
		s.Logger.ErrorContext(ctx, "completing a connection failed", "error", err)
	}
	switch status.Code(sent) {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled:
		return callbackFailure{reasonUnavailable, "The service is unavailable right now; start the connection again in a moment."}
	default:
		return callbackFailure{reasonInternalError, "Something went wrong on our side; start the connection again, and quote request id " +
			requestid.From(ctx) + " if it happens again."}
	}
}

// restorePending puts a taken authorization back, even when our caller has
// gone: the browser may come back with it.
func (s *Service) restorePending(ctx context.Context, pending *store.PendingAuthorization) {
	keep := context.WithoutCancel(ctx)
	if err := s.store.Write(keep, func(tx store.Tx) error { return tx.CreatePending(keep, pending) }); err != nil {
		s.Logger.WarnContext(ctx, "could not restore the authorization state", "error", err)
	}
}
