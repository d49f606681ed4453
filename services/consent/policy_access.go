package consent

import (
	"context"
	"fmt"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/requestid"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// The capabilities consent asks policy about.
const (
	connectCapability = policyv1.Capability_ACCOUNT_CONNECTION
	shareCapability   = policyv1.Capability_SHARE_DATA_WITH_LINKEDIN
)

// toPolicy carries the request id to the policy service, for correlation.
func toPolicy(ctx context.Context) context.Context {
	return metadata.AppendToOutgoingContext(ctx, requestid.MetadataKey, requestid.From(ctx))
}

// requireAccess asks policy whether the user may use capability, and fails
// closed: a denial is FailedPrecondition with policy's reason, and a policy
// service that cannot answer is Unavailable. Policy answers at minRevision
// or later, and requireAccess returns the revision it answered at.
func (s *Service) requireAccess(ctx context.Context, tenant, user string, capability policyv1.Capability, minRevision int64) (int64, error) {
	resp, err := s.Policy.CheckAccess(toPolicy(ctx), &policyv1.CheckAccessRequest{
		Tenant: tenant, User: user, Capability: capability, Surface: policyv1.Surface_WEB, MinRevision: minRevision,
	})
	if err != nil {
		return 0, policyError(ctx, s, err)
	}
	if !resp.Allowed {
		return 0, apierror.FailedPrecondition(typev1.ErrorReason_POLICY_DENIED, resp.Message, map[string]string{
			"access_reason": resp.Reason.String(), "capability": capability.String(),
		})
	}
	return resp.Revision, nil
}

// policyError turns a failed policy call into the error for our caller: a
// tenant that is gone is their NotFound too, an unreachable policy service
// is Unavailable (retry), and anything else (policy refusing us, say, for a
// wrong service key) is our own fault, hidden as Internal and logged.
func policyError(ctx context.Context, s *Service, err error) error {
	switch status.Code(err) {
	case codes.NotFound:
		return err
	case codes.Unavailable, codes.DeadlineExceeded:
		s.Logger.WarnContext(ctx, "policy service unreachable", "error", err)
		return apierror.Unavailable("the policy service")
	default:
		return fmt.Errorf("policy service: %s: %s", status.Code(err), status.Convert(err).Message())
	}
}

// userEmail reads the user's email from the directory, to help the network
// pick the right account.
func (s *Service) userEmail(ctx context.Context, tenant, user string) (string, error) {
	resp, err := s.Policy.GetUser(toPolicy(ctx), &policyv1.GetUserRequest{Tenant: tenant, User: user})
	if err != nil {
		return "", policyError(ctx, s, err)
	}
	return resp.User.Email, nil
}
