package consent

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/follow"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// ExportUserData gathers what consent holds about one user: the
// connection (never its tokens: only whether any are held), the ledger
// events about or by the user, and LinkedIn's clean-up steps.
func (s *Service) ExportUserData(ctx context.Context, req *consentv1.ExportUserDataRequest) (*consentv1.ExportUserDataResponse, error) {
	link, err := s.linkOf(ctx, s.store, req.Tenant, req.User)
	if err != nil {
		return nil, err
	}
	resp := &consentv1.ExportUserDataResponse{Connection: connectionOf(req.Tenant, req.User, link)}
	resp.LinkedinTokensHeld = link != nil && (len(link.AccessToken) > 0 || len(link.RefreshToken) > 0)
	if resp.Events, err = s.store.UserEvents(ctx, req.Tenant, req.User); err != nil {
		return nil, err
	}
	cleanups, err := s.store.UserCleanups(ctx, req.Tenant, req.User)
	if err != nil {
		return nil, err
	}
	for _, c := range cleanups {
		resp.RemoteSteps = append(resp.RemoteSteps, remoteSteps(c)...)
		resp.LinkedinTokensHeld = resp.LinkedinTokensHeld || len(c.AccessToken) > 0 || len(c.RefreshToken) > 0
	}
	pending, err := s.store.CountPending(ctx, req.Tenant, req.User)
	resp.PendingConnections = int32(pending)
	return resp, err
}

// EraseUserData erases one user, in two phases (the caller repeats the
// call until done; each call disconnects again, should the user have
// connected meanwhile, and waits for consent to follow policy up to
// min_policy_revision). First the user is disconnected at once, with reason
// DATA_ERASURE and LinkedIn's steps queued, and their unfinished
// connections are forgotten. Then, once LinkedIn's steps are over (their
// sealed tokens are bound to the user, so renaming the user earlier would
// strand them) and consent has followed policy past the erasure of the
// directory entry (so no policy change on the way is judged for the user
// again), the user is pseudonymised: the ledger keeps every event, with
// the pseudonym in place of the person.
func (s *Service) EraseUserData(ctx context.Context, req *consentv1.EraseUserDataRequest) (*consentv1.EraseUserDataResponse, error) {
	resp := &consentv1.EraseUserDataResponse{}
	err := s.store.Write(ctx, func(tx store.Tx) error {
		r, err := s.revokeIn(ctx, tx, req.Tenant, req.User, consentv1.ConsentEvent_DATA_ERASURE, auth.Actor(ctx))
		if err != nil {
			return err
		}
		if r != nil {
			resp.Disconnected, resp.Revision = true, r.event.Revision
		}
		return tx.DeletePendingOf(ctx, req.Tenant, req.User)
	})
	if err != nil {
		return nil, err
	}
	if waiting, err := s.awaitPolicy(ctx, req.MinPolicyRevision); err != nil || waiting != "" {
		resp.WaitingFor = waiting
		return resp, err
	}
	if req.DisconnectOnly {
		resp.Done = true
		return resp, nil
	}
	cleanups, err := s.store.UserCleanups(ctx, req.Tenant, req.User)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, c := range cleanups {
		resp.RemoteSteps = append(resp.RemoteSteps, remoteSteps(c)...)
		ids = append(ids, c.ID)
		if c.Pending() {
			resp.WaitingFor = "LinkedIn's clean-up steps"
		}
		resp.Disconnected = resp.Disconnected || c.Revision > 0
	}
	if resp.WaitingFor != "" {
		return resp, nil
	}
	err = s.store.Write(ctx, func(tx store.Tx) error {
		var err error
		if resp.EventsPseudonymised, err = tx.Pseudonymise(ctx, req.Tenant, req.User, req.Pseudonym); err != nil {
			return err
		}
		// The clean-ups' finished jobs go too: their attempts' errors may
		// hold LinkedIn's words about the member.
		_, _, err = s.jobs.Forget(ctx, tx.Platform(), cleanupArgs{}.Kind(), func(args []byte) bool {
			var a cleanupArgs
			return json.Unmarshal(args, &a) == nil && slices.Contains(ids, a.Cleanup)
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	s.consents.reset()
	resp.Done = true
	return resp, nil
}

// awaitPolicy says what consent waits for until it has followed policy's
// changes up to revision: "" once it has (or revision is 0).
func (s *Service) awaitPolicy(ctx context.Context, revision int64) (string, error) {
	if reached, err := follow.Reached(ctx, s.store.DB().Reads(), policyStream, revision); err != nil || reached {
		return "", err
	}
	return "consent to follow policy's changes", nil
}
