package consent

import (
	"context"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// receiptWait is how long a disconnect waits for LinkedIn's steps before
// answering, so the receipt usually says how they went. The revocation has
// committed before it starts waiting; PENDING steps go on afterwards.
const receiptWait = 2 * time.Second

// Disconnect disconnects the caller in one step and returns the receipt.
func (s *Service) Disconnect(ctx context.Context, _ *consentv1.DisconnectRequest) (*consentv1.DisconnectResponse, error) {
	p := auth.FromContext(ctx) // a user of a tenant: the access rules say so
	var r *revocation
	err := s.store.Write(ctx, func(tx store.Tx) (err error) {
		r, err = s.revokeIn(ctx, tx, p.Tenant, p.Subject, consentv1.ConsentEvent_USER_REQUEST, "")
		return err
	})
	if err != nil || r == nil {
		return &consentv1.DisconnectResponse{}, err
	}
	cleanup, err := s.awaitCleanup(ctx, r.cleanup.ID, receiptWait)
	if err != nil {
		// The revocation stands; the receipt shows the steps as queued.
		s.Logger.WarnContext(ctx, "reading a clean-up's progress failed", "error", err)
		cleanup = r.cleanup
	}
	return receipt(r.event, cleanup), nil
}

// revocation is what revokeIn did.
type revocation struct {
	event   *consentv1.ConsentEvent
	cleanup *store.Cleanup
}

// revokeIn disconnects a user inside tx: the link and its tokens go, a
// REVOKED event is recorded with reason and actor ("" for the caller), and
// LinkedIn's steps are queued. Nothing here waits for LinkedIn. It returns
// nil when the user is not connected.
func (s *Service) revokeIn(ctx context.Context, tx store.Tx, tenant, user string, reason consentv1.ConsentEvent_Reason, actor string) (*revocation, error) {
	var link *store.Link
	event, err := s.recordIn(ctx, tx, tenant, user, func(tx store.Tx) (*change, error) {
		var err error
		if link, err = s.linkOf(ctx, tx, tenant, user); err != nil || link == nil {
			return nil, err
		}
		return &change{
			event: &consentv1.ConsentEvent{
				Kind: consentv1.ConsentEvent_REVOKED, Reason: reason, Actor: actor,
				PreviousDirection: link.Direction, MemberId: link.MemberID,
			},
			apply: func(tx store.Tx, _ int64) error { return tx.DeleteLink(ctx, tenant, user) },
		}, nil
	})
	if err != nil || event == nil {
		return nil, err
	}
	cleanup, err := s.queueCleanup(ctx, tx, link, event.Revision)
	if err != nil {
		return nil, err
	}
	return &revocation{event: event, cleanup: cleanup}, nil
}

// receipt tells what a disconnection did: here (the grant) and at LinkedIn
// (each step, as far as it has come).
func receipt(event *consentv1.ConsentEvent, c *store.Cleanup) *consentv1.DisconnectResponse {
	r := &consentv1.DisconnectResponse{
		MemberId: event.MemberId, GrantRevoked: true, Revision: event.Revision,
		ProviderTokensRevoked: c.TokensState == store.StepDone, ImportedContactsDeleted: c.ContactsDeleted,
		RemoteSteps: remoteSteps(c),
	}
	for _, step := range r.RemoteSteps {
		switch step.State {
		case consentv1.RemoteStep_PENDING:
			r.Warnings = append(r.Warnings, "LinkedIn has not confirmed yet that it will "+stepWords[step.Kind]+"; it is being retried")
		case consentv1.RemoteStep_FAILED:
			r.Warnings = append(r.Warnings, "LinkedIn did not "+stepWords[step.Kind]+": "+step.LastError)
		}
	}
	return r
}

// stepWords says what a step does, to finish a sentence.
var stepWords = map[consentv1.RemoteStep_Kind]string{
	consentv1.RemoteStep_DELETE_IMPORTED_CONTACTS: "delete the contacts it imported from the organization",
	consentv1.RemoteStep_REVOKE_TOKENS:            "revoke its access tokens",
}

// remoteSteps renders a cleanup's steps for the API, in the order they run.
func remoteSteps(c *store.Cleanup) []*consentv1.RemoteStep {
	var steps []*consentv1.RemoteStep
	add := func(kind consentv1.RemoteStep_Kind, state store.StepState) {
		if state == store.StepNotNeeded {
			return
		}
		step := &consentv1.RemoteStep{
			Kind: kind, State: consentv1.RemoteStep_State(state), Attempts: c.Attempts,
			UpdateTime: timestamppb.New(c.UpdateTime),
		}
		if state != store.StepDone {
			step.LastError = c.LastError
		}
		if kind == consentv1.RemoteStep_DELETE_IMPORTED_CONTACTS {
			step.ImportedContactsDeleted = c.ContactsDeleted
		}
		steps = append(steps, step)
	}
	add(consentv1.RemoteStep_DELETE_IMPORTED_CONTACTS, c.ContactsState)
	add(consentv1.RemoteStep_REVOKE_TOKENS, c.TokensState)
	return steps
}
