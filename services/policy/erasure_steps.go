package policy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"github.com/riverqueue/river"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Pauses of an erasure's job: while a step waits for another service to
// catch up, and after a call that failed (a service down).
const (
	erasureWaitStep  = time.Second
	erasureWaitFault = 5 * time.Second
)

// erasureArgs is the job of one erasure. It names the erasure, never the
// person: a job's arguments outlive it in the queue's table.
type erasureArgs struct {
	Tenant  string `json:"tenant"`
	Erasure string `json:"erasure"`
}

// Kind names the job in the queue.
func (erasureArgs) Kind() string { return "policy.erasure" }

// InsertOpts let the job go on for as long as a service is down: waiting
// snoozes, and a failure is never the end of an erasure.
func (erasureArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 10000} }

type erasureWorker struct {
	river.WorkerDefaults[erasureArgs]
	svc *Service
}

// erasureStep runs one step of e. It returns true when the step is done
// (its progress then saved with e), false when it waits for another
// service to catch up.
type erasureStep func(ctx context.Context, e *store.Erasure) (bool, error)

// steps, in order:
//  1. consent disconnects the user at once (LinkedIn's steps queued);
//  2. policy deletes the directory entry and pseudonymises the audit log,
//     in one transaction with the erasure's progress;
//  3. contact-sync, once it has followed both, erases the mailbox;
//  4. consent, once LinkedIn's steps are over, pseudonymises the ledger.
//
// Contact-sync goes before the ledger's pseudonymisation, so that no event
// it follows ever names the pseudonym (which would make it a mailbox).
func (w *erasureWorker) steps() []erasureStep {
	return []erasureStep{w.svc.disconnectForErasure, w.svc.eraseInPolicy, w.svc.eraseInContactSync, w.svc.pseudonymiseInConsent}
}

// Work runs the erasure's steps from the one it reached. It never hands
// River a service's error, whose words may name the person: it logs the
// code and snoozes.
func (w *erasureWorker) Work(ctx context.Context, job *river.Job[erasureArgs]) error {
	s := w.svc
	e, err := s.store.GetErasure(ctx, job.Args.Tenant, job.Args.Erasure)
	if err != nil {
		return fmt.Errorf("erasure %s: reading it: %s", job.Args.Erasure, status.Code(err))
	}
	ctx = auth.WithPrincipal(ctx, &auth.Principal{Subject: e.Actor, Tenant: e.Tenant})
	steps := w.steps()
	for e.State != policyv1.Erasure_DONE {
		if e.Step >= len(steps) {
			return s.finishErasure(ctx, e)
		}
		done, err := steps[e.Step](ctx, e)
		if err != nil {
			s.logger.WarnContext(ctx, "an erasure step failed; it will be tried again", "erasure", e.Id, "step", e.Step+1, "code", status.Code(err).String())
			return river.JobSnooze(erasureWaitFault)
		}
		if !done {
			if err := s.saveErasure(ctx, e); err != nil {
				return fmt.Errorf("erasure %s: saving it: %s", e.Id, status.Code(err))
			}
			return river.JobSnooze(erasureWaitStep)
		}
	}
	return nil
}

// saveErasure stores e's progress.
func (s *Service) saveErasure(ctx context.Context, e *store.Erasure) error {
	e.State = policyv1.Erasure_RUNNING
	return s.store.Write(ctx, func(tx store.Tx) error { return tx.PutErasure(ctx, e) })
}

// advance records a step done: its service's receipt, and the next step.
func (s *Service) advance(ctx context.Context, e *store.Erasure, service string, state policyv1.Erasure_State, detail string) error {
	receipt(e, service, state, detail)
	e.Step++
	return s.saveErasure(ctx, e)
}

func receipt(e *store.Erasure, service string, state policyv1.Erasure_State, detail string) {
	for _, r := range e.Receipts {
		if r.Service == service {
			r.State, r.Detail = state, detail
		}
	}
}

// disconnectForErasure is step 1: consent disconnects the user.
func (s *Service) disconnectForErasure(ctx context.Context, e *store.Erasure) (bool, error) {
	resp, err := s.peers.Consent.EraseUserData(ctx, &consentv1.EraseUserDataRequest{
		Tenant: e.Tenant, User: e.Subject, Pseudonym: e.Pseudonym, DisconnectOnly: true,
	})
	if err != nil {
		return false, err
	}
	// Contact-sync must follow consent at least this far before its part.
	head, err := s.peers.Consent.GetHeadRevision(ctx, &consentv1.GetHeadRevisionRequest{})
	if err != nil {
		return false, err
	}
	e.ConsentRevision = head.Revision
	detail := "not connected to LinkedIn"
	if resp.Disconnected {
		detail = "disconnected from LinkedIn at once; LinkedIn's clean-up steps queued"
	}
	return true, s.advance(ctx, e, "consent", policyv1.Erasure_RUNNING, detail)
}

// eraseInPolicy is step 2: the directory entry goes and the history is
// pseudonymised, with the erasure's progress, in one transaction.
func (s *Service) eraseInPolicy(ctx context.Context, e *store.Erasure) (bool, error) {
	err := s.write(ctx, e.Tenant, func(j *journal) error {
		j.action = "EraseUserData"
		deleted := false
		switch user, err := j.tx.GetUser(ctx, e.Tenant, e.Subject); {
		case err == nil:
			if err := s.deleteUserIn(ctx, j, user); err != nil {
				return err
			}
			deleted = true
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		before := erasureRecord(e)
		e.State = policyv1.Erasure_RUNNING
		err := j.record(ctx, erasureResource(e.Tenant, e.Id), policyv1.Change_UPDATE, before, func(int64) (proto.Message, error) {
			return erasureRecord(e), nil
		})
		if err != nil {
			return err
		}
		rewritten, err := j.tx.Pseudonymise(ctx, e.Tenant, e.Subject, e.Pseudonym)
		if err != nil {
			return err
		}
		detail := fmt.Sprintf("no directory entry; %d audit entries pseudonymised", rewritten)
		if deleted {
			detail = fmt.Sprintf("directory entry and memberships deleted; %d audit entries pseudonymised", rewritten)
		}
		receipt(e, "policy", policyv1.Erasure_DONE, detail)
		e.PolicyRevision, e.Step = j.last, e.Step+1
		return j.tx.PutErasure(ctx, e)
	})
	return err == nil, err
}

// eraseInContactSync is step 3: contact-sync erases the mailbox, once it
// has followed policy and consent past the steps before.
func (s *Service) eraseInContactSync(ctx context.Context, e *store.Erasure) (bool, error) {
	resp, err := s.peers.ContactSync.EraseUserData(ctx, &contactsyncv1.EraseUserDataRequest{
		Tenant: e.Tenant, User: e.Subject, MinPolicyRevision: e.PolicyRevision, MinConsentRevision: e.ConsentRevision,
	})
	if err != nil {
		return false, err
	}
	if !resp.Done {
		receipt(e, "contact-sync", policyv1.Erasure_RUNNING, "waiting for "+resp.WaitingFor)
		return false, nil
	}
	return true, s.advance(ctx, e, "contact-sync", policyv1.Erasure_DONE,
		fmt.Sprintf("mailbox erased: %d contacts deleted, with the sync state and purge jobs", resp.ContactsDeleted))
}

// pseudonymiseInConsent is step 4: consent pseudonymises the ledger once
// LinkedIn's steps are over.
func (s *Service) pseudonymiseInConsent(ctx context.Context, e *store.Erasure) (bool, error) {
	resp, err := s.peers.Consent.EraseUserData(ctx, &consentv1.EraseUserDataRequest{
		Tenant: e.Tenant, User: e.Subject, Pseudonym: e.Pseudonym, MinPolicyRevision: e.PolicyRevision,
	})
	if err != nil {
		return false, err
	}
	if !resp.Done {
		receipt(e, "consent", policyv1.Erasure_RUNNING, "disconnected; waiting for "+resp.WaitingFor)
		return false, nil
	}
	detail := fmt.Sprintf("%d ledger events pseudonymised", resp.EventsPseudonymised)
	if resp.Disconnected {
		detail = fmt.Sprintf("disconnected, LinkedIn's clean-up steps done; %d ledger events pseudonymised", resp.EventsPseudonymised)
	}
	return true, s.advance(ctx, e, "consent", policyv1.Erasure_DONE, detail)
}

// finishErasure marks e done: from now on it names only the pseudonym.
func (s *Service) finishErasure(ctx context.Context, e *store.Erasure) error {
	return s.write(ctx, e.Tenant, func(j *journal) error {
		j.action = "EraseUserData"
		before := erasureRecord(e)
		e.State, e.EndTime = policyv1.Erasure_DONE, timestamppb.New(s.now())
		err := j.record(ctx, erasureResource(e.Tenant, e.Id), policyv1.Change_UPDATE, before, func(int64) (proto.Message, error) {
			return erasureRecord(e), nil
		})
		if err != nil {
			return err
		}
		e.Subject = ""
		return j.tx.PutErasure(ctx, e)
	})
}
