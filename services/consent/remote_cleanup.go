package consent

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/liaisonhq/liaison/services/consent/provider"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/riverqueue/river"
)

// A revocation takes effect here at once: the link and its tokens go and
// the ledger records it, in one transaction, whatever LinkedIn says. What
// must happen at LinkedIn (delete the contacts it imported from the
// organization, revoke the tokens) is queued in that same transaction and
// worked from the job queue, retried with backoff while LinkedIn fails, and
// visible on the receipt and the connection until done.

// cleanupArgs is the job of one revocation's remote steps.
type cleanupArgs struct {
	Cleanup int64 `json:"cleanup"`
}

// Kind names the job in the queue.
func (cleanupArgs) Kind() string { return "consent.remote_cleanup" }

// queueCleanup stores the remote steps of revoking link (at ledger revision
// revision, 0 for the tokens of a connection that never completed) and
// queues their job, inside tx. The sealed tokens move from the link to the
// cleanup, which alone can use them from now on.
func (s *Service) queueCleanup(ctx context.Context, tx store.Tx, link *store.Link, revision int64) (*store.Cleanup, error) {
	now := s.now()
	c := &store.Cleanup{
		Tenant: link.Tenant, User: link.User, MemberID: link.MemberID, Revision: revision,
		ContactsState: store.StepNotNeeded, TokensState: store.StepPending,
		AccessToken: link.AccessToken, RefreshToken: link.RefreshToken, CreateTime: now, UpdateTime: now,
	}
	if link.EverBidirectional {
		c.ContactsState = store.StepPending
	}
	if err := tx.CreateCleanup(ctx, c); err != nil {
		return nil, err
	}
	if _, err := s.jobs.Insert(ctx, tx.Platform(), cleanupArgs{Cleanup: c.ID}, &river.InsertOpts{MaxAttempts: cleanupAttempts}); err != nil {
		return nil, err
	}
	return c, nil
}

// cleanupWorker works the remote steps of revocations.
type cleanupWorker struct {
	river.WorkerDefaults[cleanupArgs]
	svc *Service
}

// Work takes each pending step in turn and records every attempt. A step
// LinkedIn cannot take now fails the job, which the queue retries with
// backoff; one it refuses for good is recorded FAILED and the next step
// goes on. On the queue's last attempt pending steps are given up as FAILED.
func (w *cleanupWorker) Work(ctx context.Context, job *river.Job[cleanupArgs]) error {
	s := w.svc
	c, err := s.store.GetCleanup(ctx, job.Args.Cleanup)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil || !c.Pending() {
		return err
	}
	access, refresh := s.openSealed(c.Tenant, c.User, c.AccessToken, c.RefreshToken)
	retry := s.cleanupSteps(ctx, c, access, refresh)
	if retry != nil && job.Attempt >= job.MaxAttempts {
		c.LastError = fmt.Sprintf("gave up after %d attempts; %s", c.Attempts, c.LastError)
		giveUp(&c.ContactsState)
		giveUp(&c.TokensState)
	}
	if !c.Pending() {
		c.AccessToken, c.RefreshToken = nil, nil // no step needs them any more
	}
	c.UpdateTime = s.now()
	if err := s.store.Write(ctx, func(tx store.Tx) error { return tx.UpdateCleanup(ctx, c) }); err != nil {
		return err
	}
	return retry
}

// cleanupSteps takes the pending steps in order and returns an error when
// one should be retried later.
func (s *Service) cleanupSteps(ctx context.Context, c *store.Cleanup, access, refresh string) error {
	if access == "" && refresh == "" {
		c.LastError = "the stored LinkedIn tokens could not be read, so LinkedIn could not be asked"
		giveUp(&c.ContactsState)
		giveUp(&c.TokensState)
		return nil
	}
	if c.ContactsState == store.StepPending {
		c.Attempts++
		deleted, err := s.deleteImportedContacts(ctx, access, refresh)
		if retry := stepOutcome(ctx, s, c, &c.ContactsState, err, "delete the imported contacts"); retry != nil {
			return retry
		}
		c.ContactsDeleted = deleted
	}
	if c.TokensState == store.StepPending {
		c.Attempts++
		err := s.Provider.Revoke(ctx, firstNonEmpty(refresh, access))
		return stepOutcome(ctx, s, c, &c.TokensState, err, "revoke the tokens")
	}
	return nil
}

// stepOutcome records how a step went: done, failed for good (LinkedIn
// refused), or still pending, in which case it returns the error to retry
// on.
func stepOutcome(ctx context.Context, s *Service, c *store.Cleanup, state *store.StepState, err error, what string) error {
	switch {
	case err == nil:
		*state = store.StepDone
		return nil
	case errors.Is(err, provider.ErrUnavailable) || ctx.Err() != nil:
		c.LastError = "LinkedIn was unavailable when asked to " + what
		return err
	default:
		s.Logger.WarnContext(ctx, "LinkedIn refused a clean-up step", "step", what, "error", err)
		c.LastError = "LinkedIn refused to " + what
		*state = store.StepFailed
		return nil
	}
}

func giveUp(state *store.StepState) {
	if *state == store.StepPending {
		*state = store.StepFailed
	}
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

// awaitCleanup waits up to wait for a cleanup's steps to leave PENDING, so a
// receipt usually tells the outcome, and returns the cleanup as it then is.
// The revocation does not depend on it: it has committed already.
func (s *Service) awaitCleanup(ctx context.Context, id int64, wait time.Duration) (*store.Cleanup, error) {
	deadline := time.Now().Add(wait)
	for {
		c, err := s.store.GetCleanup(ctx, id)
		if err != nil || !c.Pending() || time.Now().After(deadline) {
			return c, err
		}
		select {
		case <-ctx.Done():
			return c, nil
		case <-time.After(25 * time.Millisecond):
		}
	}
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
