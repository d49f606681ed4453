package consent

import (
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/apierror"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/linkedin"
)

// Every failure after the state is taken has a stable reason for the app,
// whatever raised it, and a message with no parenthesis inside.
func TestEveryCallbackFailureHasAReason(t *testing.T) {
	s := New(Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	_, tooFewScopes := grantedDirection(typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION, []string{linkedin.ScopeOpenID})
	cases := map[string]error{
		"linkedin_unavailable": s.linkedInFailure(t.Context(), "a call", &linkedin.Error{Op: "x", Kind: linkedin.ErrUnavailable}),
		"linkedin_error":       s.linkedInFailure(t.Context(), "a call", &linkedin.Error{Op: "x", StatusCode: 400}),
		"policy_denied": apierror.FailedPrecondition(typev1.ErrorReason_POLICY_DENIED, "The organization has turned LinkedIn account connections off.",
			map[string]string{"access_reason": policyv1.AccessReason_DISABLED_BY_TENANT.String()}),
		"insufficient_scope": tooFewScopes,
		"account_in_use":     errors.Join(errors.New("putting the link"), store.ErrAlreadyExists),
		"unavailable":        apierror.Unavailable("the policy service"),
		"internal_error":     errors.New("disk on fire"),
	}
	for want, err := range cases {
		got := s.failureOf(t.Context(), err)
		if got.reason != want {
			t.Errorf("%v: reason %q, want %q", err, got.reason, want)
		}
		if got.message == "" || strings.ContainsAny(got.message, "()") {
			t.Errorf("%s: message %q", want, got.message)
		}
	}
	if got := s.failureOf(t.Context(), apierror.NotFound("tenant", "gone")); got.reason != reasonPolicyDenied || strings.Contains(got.message, "gone") {
		t.Errorf("a tenant policy no longer knows: %+v, want policy_denied in the user's words", got)
	}
}
