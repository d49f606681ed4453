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
//  2. policy deletes the directory entry, in one transaction with the
//     erasure's progress: from then on the user cannot connect again;
//  3. policy pseudonymises its history, a batch per transaction;
//  4. consent, once it has followed policy past the deletion, disconnects
//     again whatever connected in between, and names its head: the last
//     consent change that can be about the user;
//  5. contact-sync, once it has followed both, erases the mailbox;
//  6. consent, once LinkedIn's steps are over, pseudonymises the ledger.
//
// Contact-sync goes before the ledger's pseudonymisation, so that no event
// it follows ever names the pseudonym (which would make it a mailbox).
func (w *erasureWorker) steps() []erasureStep {
	s := w.svc
	return []erasureStep{s.disconnectForErasure, s.eraseInPolicy, s.pseudonymiseInPolicy, s.fenceConsent, s.eraseInContactSync, s.pseudonymiseInConsent}
}

// auditBatch is how many audit entries one transaction of step 3 reads.
const auditBatch = 500

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
	detail := "not connected to LinkedIn"
	if resp.Disconnected {
		detail = "disconnected from LinkedIn at once; LinkedIn's clean-up steps queued"
	}
	return true, s.advance(ctx, e, "consent", policyv1.Erasure_RUNNING, detail)
}

// eraseInPolicy is step 2: the directory entry goes, with the erasure's
// progress, in one transaction.
func (s *Service) eraseInPolicy(ctx context.Context, e *store.Erasure) (bool, error) {
	err := s.write(ctx, e.Tenant, func(j *journal) error {
		j.action = "EraseUserData"
		detail := "no directory entry"
		switch user, err := j.tx.GetUser(ctx, e.Tenant, e.Subject); {
		case err == nil:
			if err := s.deleteUserIn(ctx, j, user); err != nil {
				return err
			}
			detail = "directory entry and memberships deleted"
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
		receipt(e, "policy", policyv1.Erasure_RUNNING, detail)
		e.PolicyRevision, e.Step = j.last, e.Step+1
		return j.tx.PutErasure(ctx, e)
	})
	return err == nil, err
}

// pseudonymiseInPolicy is step 3: the audit log a batch per transaction,
// each with the erasure's cursor, then the change log and update actors.
func (s *Service) pseudonymiseInPolicy(ctx context.Context, e *store.Erasure) (bool, error) {
	for {
		last := false
		err := s.store.Write(ctx, func(tx store.Tx) error {
			next, _, err := tx.PseudonymiseAudit(ctx, e.Tenant, e.Subject, e.Pseudonym, e.AuditCursor, auditBatch)
			if err != nil {
				return err
			}
			e.AuditCursor = next
			if next == 0 {
				last = true
				if err := tx.PseudonymiseRest(ctx, e.Tenant, e.Subject, e.Pseudonym); err != nil {
					return err
				}
				for _, r := range e.Receipts {
					if r.Service == "policy" {
						r.State, r.Detail = policyv1.Erasure_DONE, r.Detail+"; audit log and change log pseudonymised"
					}
				}
				e.Step++
			}
			return tx.PutErasure(ctx, e)
		})
		if err != nil || last {
			return err == nil, err
		}
	}
}

// fenceConsent is step 4: once consent has followed policy past the
// deletion (so no connection can come back), consent's head is the last
// revision contact-sync must follow before its part.
func (s *Service) fenceConsent(ctx context.Context, e *store.Erasure) (bool, error) {
	resp, err := s.peers.Consent.EraseUserData(ctx, &consentv1.EraseUserDataRequest{
		Tenant: e.Tenant, User: e.Subject, Pseudonym: e.Pseudonym, DisconnectOnly: true, MinPolicyRevision: e.PolicyRevision,
	})
	if err != nil {
		return false, err
	}
	if !resp.Done {
		return false, nil
	}
	head, err := s.peers.Consent.GetHeadRevision(ctx, &consentv1.GetHeadRevisionRequest{})
	if err != nil {
		return false, err
	}
	e.ConsentRevision, e.Step = head.Revision, e.Step+1
	return true, s.saveErasure(ctx, e)
}

// eraseInContactSync is step 5: contact-sync erases the mailbox, once it
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

// pseudonymiseInConsent is step 6: consent pseudonymises the ledger once
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
