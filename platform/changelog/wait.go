package changelog

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/validate"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc/codes"
)

// checkRevision refuses a negative revision even where the request's own
// rules forgot it: -1 would otherwise read as "nothing to wait for".
func checkRevision(field string, revision int64) error {
	var r validate.Report
	r.Revision(field, revision)
	return r.Err()
}

// MaxWait bounds how long WaitFor waits when the request has no earlier
// deadline.
const MaxWait = 5 * time.Second

// WaitFor returns once this replica has applied the log up to revision (a
// consistency token the caller got from a write, possibly on another
// replica), so an answer it gives reflects that write. When the replica does
// not get there before the request's deadline (or MaxWait) it answers
// Unavailable with reason REVISION_NOT_REACHED, which the caller retries; a
// revision newer than any committed is a bad request. Revision 0 asks for
// nothing.
func (l *Log) WaitFor(ctx context.Context, revision int64) error {
	if err := checkRevision("min_revision", revision); err != nil {
		return err
	}
	a := l.applied.Load()
	if a == nil || revision <= a.hub.Head() {
		return nil
	}
	a.poke()
	head, err := l.Head(ctx)
	if err != nil {
		return err
	}
	if revision > head {
		return apierror.InvalidField("min_revision", fmt.Sprintf("is newer than every committed revision (the newest is %d)", head))
	}
	// Give up a little before the caller does, so the caller gets the
	// answer that says to retry rather than its own timeout.
	wait := MaxWait
	if deadline, ok := ctx.Deadline(); ok {
		wait = min(wait, time.Until(deadline)*9/10)
	}
	reached, err := a.hub.Wait(ctx, revision-1, wait)
	if reached >= revision {
		return nil
	}
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return &apierror.Error{
		Code: codes.Unavailable, Reason: typev1.ErrorReason_REVISION_NOT_REACHED,
		Message: fmt.Sprintf("this replica has reached revision %d, not yet min_revision %d; retry", reached, revision),
		Metadata: map[string]string{
			"min_revision": strconv.FormatInt(revision, 10), "reached": strconv.FormatInt(reached, 10),
		},
	}
}
