package consent

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/linkedin"
	"github.com/riverqueue/river"
)

// A revocation takes effect here at once: the link and its tokens go and
// the ledger records it, in one transaction, whatever LinkedIn says. What
// must happen at LinkedIn (delete the contacts it imported from the
// organization, revoke the tokens) is queued in that same transaction and
// worked from the job queue, retried with backoff while LinkedIn fails, and
// visible on the receipt and the connection until done.
//
// A narrowing from both ways to LinkedIn -> organization only takes effect
// the same way, and queues the same first step: LinkedIn's copy of the
// organization's contacts is deleted (seed 004, issue 8), with the link's
// own tokens. The user stays connected, so those tokens are not revoked and
// stay on the link; the cleanup holds sealed copies of them (its
// TokensState is NOT_NEEDED), and a refresh it has to make goes back on the
// link too.

// cleanupArgs is the job of one revocation's or narrowing's remote steps.
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
	c := s.newCleanup(link, revision)
	c.TokensState = store.StepPending
	if link.EverBidirectional {
		c.ContactsState = store.StepPending
	}
	return c, s.insertCleanup(ctx, tx, c)
}

// narrows reports whether a change of direction ends sharing with LinkedIn:
// the organization's contacts LinkedIn imported must then be deleted.
func narrows(from, to typev1.ConsentDirection) bool {
	return from == typev1.ConsentDirection_BIDIRECTIONAL && to == typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
}

// queueContactsDeletion stores the one remote step of a narrowing (at
// ledger revision revision), deleting at LinkedIn the contacts it imported
// from the organization with link's tokens, and queues its job, inside tx.
// The link keeps its tokens: the cleanup gets sealed copies, and revokes
// nothing.
func (s *Service) queueContactsDeletion(ctx context.Context, tx store.Tx, link *store.Link, revision int64) (*store.Cleanup, error) {
	c := s.newCleanup(link, revision)
	c.ContactsState = store.StepPending
	return c, s.insertCleanup(ctx, tx, c)
}

// newCleanup is a cleanup of link's member with link's sealed tokens and no
// step yet.
func (s *Service) newCleanup(link *store.Link, revision int64) *store.Cleanup {
	now := s.now()
	return &store.Cleanup{
		Tenant: link.Tenant, User: link.User, MemberID: link.MemberID, Revision: revision,
		ContactsState: store.StepNotNeeded, TokensState: store.StepNotNeeded,
		AccessToken: link.AccessToken, RefreshToken: link.RefreshToken, CreateTime: now, UpdateTime: now,
	}
}

// insertCleanup stores c and queues its job, inside tx.
func (s *Service) insertCleanup(ctx context.Context, tx store.Tx, c *store.Cleanup) error {
	if err := tx.CreateCleanup(ctx, c); err != nil {
		return err
	}
	_, err := s.jobs.Insert(ctx, tx.Platform(), cleanupArgs{Cleanup: c.ID}, &river.InsertOpts{MaxAttempts: cleanupAttempts})
	return err
}

// cleanupWorker works the remote steps of revocations and narrowings.
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
	tokens := &cleanupTokens{access: access, refresh: refresh}
	if c.ContactsState == store.StepPending {
		c.Attempts++
		deleted, err := s.deleteImportedContacts(ctx, c, tokens)
		if retry := stepOutcome(ctx, s, c, &c.ContactsState, err, "delete the imported contacts"); retry != nil {
			return retry
		}
		c.ContactsDeleted = deleted
	}
	if c.TokensState == store.StepPending {
		c.Attempts++
		err := s.Provider.Revoke(ctx, firstNonEmpty(tokens.refresh, tokens.access))
		return stepOutcome(ctx, s, c, &c.TokensState, err, "revoke the tokens")
	}
	return nil
}

// cleanupTokens are a cleanup's tokens in clear, as its steps use them.
type cleanupTokens struct {
	access, refresh string
}

// stepOutcome records how a step went: done, failed for good (LinkedIn
// refused), or still pending, in which case it returns the error to retry
// on.
func stepOutcome(ctx context.Context, s *Service, c *store.Cleanup, state *store.StepState, err error, what string) error {
	switch {
	case err == nil:
		*state = store.StepDone
		return nil
	case errors.Is(err, errStoringTokens):
		c.LastError = "the tokens LinkedIn refreshed could not be stored, so it was not asked to " + what
		return err
	case errors.Is(err, linkedin.ErrUnavailable) || ctx.Err() != nil:
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
// a refreshed access token when the stored one was refused.
func (s *Service) deleteImportedContacts(ctx context.Context, c *store.Cleanup, tokens *cleanupTokens) (int64, error) {
	deleted, err := s.Provider.DeleteImportedContacts(ctx, tokens.access)
	if !errors.Is(err, linkedin.ErrUnauthorized) || tokens.refresh == "" {
		return deleted, err
	}
	fresh, err := s.Provider.Refresh(ctx, tokens.refresh)
	if err != nil {
		return 0, err
	}
	if err := s.keepRefreshed(ctx, c, tokens, fresh); err != nil {
		return 0, err
	}
	return s.Provider.DeleteImportedContacts(ctx, tokens.access)
}

// errStoringTokens: a refresh's tokens could not be stored; the step is
// retried.
var errStoringTokens = errors.New("storing refreshed LinkedIn tokens")

// keepRefreshed makes the tokens of a refresh the cleanup's, so its later
// steps and attempts use them, and, when the link still holds the tokens
// the cleanup copied (a narrowing: the user stays connected), the link's
// too, as a refresh of its own would: a network that rotates refresh
// tokens would otherwise leave the link with one it no longer accepts. A
// refresh is no consent change: no ledger event, and nothing is revoked.
func (s *Service) keepRefreshed(ctx context.Context, c *store.Cleanup, tokens *cleanupTokens, fresh *linkedin.Token) error {
	tokens.access, tokens.refresh = fresh.AccessToken, cmp.Or(fresh.RefreshToken, tokens.refresh)
	sealedAccess, sealedRefresh := s.sealTokens(c.Tenant, c.User, &linkedin.Token{AccessToken: tokens.access, RefreshToken: tokens.refresh})
	err := s.store.Write(ctx, func(tx store.Tx) error {
		// Only over the tokens copied: a reconnection's or a refresh's
		// newer ones must not give way to these. Writes never overlap, so
		// what is read here stays until the update. A revocation's link is
		// gone, and another's tokens never match.
		link, err := s.linkOf(ctx, tx, c.Tenant, c.User)
		if err != nil || link == nil || link.MemberID != c.MemberID || len(c.RefreshToken) == 0 || !bytes.Equal(link.RefreshToken, c.RefreshToken) {
			return err
		}
		link.AccessToken, link.RefreshToken, link.TokenExpiry = sealedAccess, sealedRefresh, fresh.Expiry
		if len(fresh.Scopes) > 0 {
			link.Scopes = fresh.Scopes
		}
		return tx.UpdateLinkTokens(ctx, link)
	})
	if err != nil {
		return fmt.Errorf("%w: %w", errStoringTokens, err)
	}
	c.AccessToken, c.RefreshToken = sealedAccess, sealedRefresh
	return nil
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
