package contactsync

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"github.com/liaisonhq/liaison/services/policy/policyclient"
)

// A user may sync when policy allows CONTACT_SYNC (the tenant's setting,
// the selected group, the user's mailbox policy) and the user has consented
// in either direction: LinkedIn -> organization already covers first-degree
// connections (seed 004).

// policyVerdict is policy's answer for one user.
type policyVerdict struct {
	allowed bool
	reason  contactsyncv1.SyncStatus_Reason
}

// askPolicy asks policy about users of a tenant at revision or later.
func (s *Service) askPolicy(ctx context.Context, tenant string, users []string, revision int64) (map[string]policyVerdict, error) {
	decisions, err := policyclient.Decide(ctx, s.Policy, tenant, users, policyv1.Capability_CONTACT_SYNC, revision)
	if err != nil {
		return nil, fmt.Errorf("asking policy about %s: %w", tenant, err)
	}
	out := make(map[string]policyVerdict, len(decisions))
	for _, d := range decisions {
		out[d.User] = policyVerdict{allowed: d.Allowed, reason: syncReason(d.Allowed, d.Reason)}
	}
	return out, nil
}

// syncReason is the status's word for policy's decision.
func syncReason(allowed bool, r policyv1.AccessReason) contactsyncv1.SyncStatus_Reason {
	if allowed {
		return contactsyncv1.SyncStatus_ELIGIBLE
	}
	switch r {
	case policyv1.AccessReason_DISABLED_BY_TENANT:
		return contactsyncv1.SyncStatus_DISABLED_BY_TENANT
	case policyv1.AccessReason_NOT_IN_SELECTED_GROUP:
		return contactsyncv1.SyncStatus_NOT_IN_SELECTED_GROUP
	case policyv1.AccessReason_CONTACT_SYNC_DISABLED_BY_MAILBOX_POLICY:
		return contactsyncv1.SyncStatus_DISABLED_BY_MAILBOX_POLICY
	case policyv1.AccessReason_UNAVAILABLE_IN_CLOUD:
		return contactsyncv1.SyncStatus_UNAVAILABLE_IN_CLOUD
	default:
		return contactsyncv1.SyncStatus_USER_NOT_FOUND
	}
}

// judgement is what is known of one user: the consent's direction (nil to
// keep the one stored, which the consent stream keeps current) and
// policy's verdict.
type judgement struct {
	user      string
	direction *typev1.ConsentDirection
	policy    policyVerdict
}

// apply records judgements of a tenant's users inside tx: a user who may
// now sync gets a sync queued at once; one who no longer may loses the
// LinkedIn folder at once and gets a purge job. trigger says what noticed
// (see cause for what the purge job records).
func (s *Service) apply(ctx context.Context, tx store.Tx, tenant string, judged []judgement, trigger contactsyncv1.PurgeJob_Trigger) error {
	now := s.now()
	var purges []int64
	for _, j := range judged {
		// The consent stream gives a direction; a policy change keeps the
		// one stored (a user never seen here has none). Withdraw and
		// SetEligibility make the mailbox when it is missing.
		direction := typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED
		if j.direction != nil {
			direction = *j.direction
		} else if m, err := tx.Mailbox(ctx, tenant, j.user); err == nil {
			direction = m.Direction
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		eligible, reason := j.policy.allowed, j.policy.reason
		if eligible && direction == typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED {
			eligible, reason = false, contactsyncv1.SyncStatus_NO_CONSENT
		}
		if !eligible {
			why := cause(trigger, j, direction)
			purge, err := s.withdraw(ctx, tx, store.Withdrawal{Tenant: tenant, User: j.user, Trigger: why, Reason: reason, Direction: direction})
			if err != nil {
				return err
			}
			if purge != 0 {
				purges = append(purges, purge)
			}
			continue
		}
		gained, err := tx.SetEligibility(ctx, tenant, j.user, true, reason, direction, now)
		if err != nil {
			return err
		}
		if gained {
			if err := s.queueSync(ctx, tx, tenant, j.user); err != nil {
				return err
			}
			// The sync queued now is the mailbox's run; the periodic
			// schedule must not find it due while it runs and ask for a
			// second one (the run sets the next when it ends).
			if err := tx.SetNextRun(ctx, tenant, j.user, now.Add(s.SyncInterval)); err != nil {
				return err
			}
		}
	}
	return s.queuePurges(ctx, tx, purges)
}

// cause is what a withdrawal of j's user, noticed by trigger, is recorded
// as. Policy's denial is the cause whenever policy denies, even when
// consent's stream told first: consent revokes what policy no longer
// allows, so a tenant's No reads the same whichever stream arrives first.
// A consent gone while policy allows is consent's change, even when the
// check before a run noticed it.
func cause(trigger contactsyncv1.PurgeJob_Trigger, j judgement, direction typev1.ConsentDirection) contactsyncv1.PurgeJob_Trigger {
	switch {
	case !j.policy.allowed && trigger == contactsyncv1.PurgeJob_CONSENT_CHANGE:
		return contactsyncv1.PurgeJob_POLICY_CHANGE
	case j.policy.allowed && direction == typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED && j.direction != nil:
		return contactsyncv1.PurgeJob_CONSENT_CHANGE
	}
	return trigger
}

// withdraw takes eligibility away inside tx and returns the id of the
// purge job it records (0 when there is nothing to purge), for the caller
// to queue in tx.
func (s *Service) withdraw(ctx context.Context, tx store.Tx, w store.Withdrawal) (int64, error) {
	job, err := tx.Withdraw(ctx, w, s.now())
	if err != nil || job == nil {
		return 0, err
	}
	s.Logger.InfoContext(ctx, "contact sync withdrawn; purging", "tenant", w.Tenant, "user", w.User,
		"reason", w.Reason.String(), "trigger", w.Trigger.String(), "contacts", job.Total, "purge_job", job.Id)
	return strconv.ParseInt(job.Id, 10, 64)
}
