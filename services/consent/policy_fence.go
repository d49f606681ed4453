package consent

import (
	"context"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/follow"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"google.golang.org/grpc/codes"
)

// The policy follower judges the connections it can see. A connection
// written after it looked, on the strength of a policy check made before
// the change it was handling, would escape it: so a write that a policy
// check allows commits only if the follower has not handled a later change
// of policy meanwhile, and otherwise asks policy again, at that revision.
// Writes are serialized, so one of the two always sees the other.

// policyStream names the follower's cursor of policy's changes.
const policyStream = "policy"

// maxPolicyChecks bounds how often one write asks policy again while
// policy keeps changing under it.
const maxPolicyChecks = 3

// testHookAfterPolicyCheck runs between a write's policy check and its
// transaction; tests set it to change policy in between.
var testHookAfterPolicyCheck = func(context.Context) {}

// writeCheckedByPolicy runs check, which asks policy at minRevision or later
// and returns the revision policy answered at, then write in one
// transaction, unless the follower has handled a change of policy after
// that revision: then check runs again, at least as fresh as the follower.
func (s *Service) writeCheckedByPolicy(ctx context.Context, check func(ctx context.Context, minRevision int64) (int64, error), write func(store.Tx) error) error {
	var handled int64
	for range maxPolicyChecks {
		checked, err := check(ctx, handled)
		if err != nil {
			return err
		}
		testHookAfterPolicyCheck(ctx)
		stale := false
		err = s.store.Write(ctx, func(tx store.Tx) error {
			var err error
			if handled, err = follow.Cursor(ctx, tx.Platform().Conn, policyStream); err != nil {
				return err
			}
			if stale = handled > checked; stale {
				return nil
			}
			return write(tx)
		})
		if err != nil || !stale {
			return err
		}
	}
	return &apierror.Error{
		Code: codes.Unavailable, Reason: typev1.ErrorReason_DEPENDENCY_UNAVAILABLE,
		Message:  "your organization's policy kept changing while this was checked; try again",
		Metadata: map[string]string{"dependency": "the policy service"},
	}
}
