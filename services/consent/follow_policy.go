package consent

import (
	"context"
	"fmt"

	"github.com/liaisonhq/liaison/platform/follow"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/policy/policyclient"
)

// serviceActor is who revocations that follow policy are recorded as.
const serviceActor = "service:consent"

// policyFollower keeps grants in line with policy: it follows policy's
// changes from a cursor in this service's database, on one replica at a
// time, and after each batch re-checks every connected user of the tenants
// that changed. The batch's revocations and narrowings commit with the
// cursor; LinkedIn's steps (a narrowing's too: the deletion of the
// organization's contacts LinkedIn imported) are queued, so an outage there
// never holds the stream up.
func (s *Service) policyFollower() *follow.Follower[*policyv1.WatchResponse] {
	return &follow.Follower[*policyv1.WatchResponse]{
		Name: policyStream,
		DB:   s.store.DB(),
		Watch: func(ctx context.Context, from int64) (func() (*policyv1.WatchResponse, error), error) {
			return follow.Receive(s.Policy.Watch(ctx, &policyv1.WatchRequest{FromRevision: from}))
		},
		Revision: (*policyv1.WatchResponse).GetRevision,
		Handle:   s.applyPolicyChanges,
		Resync:   s.reconcileEveryTenant,
		Logger:   s.Logger,
	}
}

// applyPolicyChanges re-checks the connected users of every tenant in the
// batch, with policy's answers at the batch's revision or later, then
// applies what changed in one transaction with the cursor.
//
// A connection written while policy was asked (connected, or its direction
// changed) was judged as it was before, or not at all: the transaction
// applies the other verdicts without the cursor, and those users are judged
// again, so a batch counts as handled only when every connection of its
// tenants was judged as it is. (A connection written after the cursor
// commits checks policy again itself: see writeCheckedByPolicy.)
func (s *Service) applyPolicyChanges(ctx context.Context, batch *policyv1.WatchResponse, commit func(*sqlstore.Tx) error) error {
	tenants := policyclient.TenantsOf(batch.Changes)
	if len(tenants) == 0 {
		return nil
	}
	j, err := s.judgeTenants(ctx, tenants, batch.Revision)
	if err != nil {
		return err
	}
	testHookAfterJudging(ctx)
	for attempt := 1; ; attempt++ {
		var changed []*store.Link
		err := s.store.Write(ctx, func(tx store.Tx) error {
			var err error
			if changed, err = linksChangedAfter(ctx, tx, tenants, j.head); err != nil {
				return err
			}
			if err := s.applyVerdicts(ctx, tx, j.verdicts, changed); err != nil {
				return err
			}
			if len(changed) > 0 {
				return nil // the batch is handled once they are judged too
			}
			return commit(tx.Platform())
		})
		if err != nil || len(changed) == 0 {
			return err
		}
		if attempt == maxJudgings {
			return fmt.Errorf("%d connections kept changing while policy's change at revision %d was applied; trying again", len(changed), batch.Revision)
		}
		if j, err = s.judgeAgain(ctx, changed, batch.Revision); err != nil {
			return err
		}
	}
}

// maxJudgings bounds how often one batch judges connections that keep
// changing before it backs off and starts over.
const maxJudgings = 5

// testHookAfterJudging runs between judging a batch and applying it; tests
// set it to change a connection in between.
var testHookAfterJudging = func(context.Context) {}

// judgement is what policy's answers mean for the connections as they were
// at head, consent's change-log head before they were read.
type judgement struct {
	head     int64
	verdicts []verdict
}

// judgeTenants judges every connection of the tenants.
func (s *Service) judgeTenants(ctx context.Context, tenants []string, revision int64) (judgement, error) {
	head, err := s.store.Log().Head(ctx)
	if err != nil {
		return judgement{}, err
	}
	j := judgement{head: head}
	for _, tenant := range tenants {
		v, err := s.judgeTenant(ctx, tenant, revision)
		if err != nil {
			return judgement{}, err
		}
		j.verdicts = append(j.verdicts, v...)
	}
	return j, nil
}

// judgeAgain judges the users of links that changed, as they are now.
func (s *Service) judgeAgain(ctx context.Context, changed []*store.Link, revision int64) (judgement, error) {
	head, err := s.store.Log().Head(ctx)
	if err != nil {
		return judgement{}, err
	}
	j := judgement{head: head}
	byTenant := map[string][]*store.Link{}
	for _, old := range changed {
		link, err := s.linkOf(ctx, s.store, old.Tenant, old.User)
		if err != nil {
			return judgement{}, err
		}
		if link != nil {
			byTenant[link.Tenant] = append(byTenant[link.Tenant], link)
		}
	}
	for tenant, links := range byTenant {
		v, err := s.judgeLinks(ctx, tenant, links, revision)
		if err != nil {
			return judgement{}, err
		}
		j.verdicts = append(j.verdicts, v...)
	}
	return j, nil
}

// linksChangedAfter lists the tenants' links written after revision.
func linksChangedAfter(ctx context.Context, tx store.Tx, tenants []string, revision int64) ([]*store.Link, error) {
	var changed []*store.Link
	for _, tenant := range tenants {
		links, err := tx.LinksChangedAfter(ctx, tenant, revision)
		if err != nil {
			return nil, err
		}
		changed = append(changed, links...)
	}
	return changed, nil
}

// reconcileEveryTenant re-checks every connected user against policy as it
// is now: after the followed stream expired, changes were missed. Links
// that change meanwhile are judged again as a batch's are; check fails a
// transaction of a replica that lost the lease.
func (s *Service) reconcileEveryTenant(ctx context.Context, check func(*sqlstore.Tx) error) error {
	tenants, err := s.store.LinkedTenants(ctx)
	if err != nil {
		return err
	}
	for _, tenant := range tenants {
		all := &policyv1.WatchResponse{Changes: []*policyv1.Change{{Tenant: tenant}}}
		if err := s.applyPolicyChanges(ctx, all, check); err != nil {
			return err
		}
	}
	return nil
}

// verdict is what policy's answers mean for one connected user.
type verdict struct {
	tenant, user string
	// revoke, with policy's reason, when the user may no longer connect.
	revoke bool
	reason consentv1.ConsentEvent_Reason
	// narrow when the tenant no longer allows sharing with LinkedIn.
	narrow bool
}

// judgeTenant asks policy, at revision or later, about every connected user
// of the tenant, and returns what must change.
func (s *Service) judgeTenant(ctx context.Context, tenant string, revision int64) ([]verdict, error) {
	var verdicts []verdict
	page := store.Page{Limit: 1000}
	for {
		links, err := s.store.ListLinks(ctx, tenant, page)
		if err != nil || len(links) == 0 {
			return verdicts, err
		}
		v, err := s.judgeLinks(ctx, tenant, links, revision)
		if err != nil {
			return nil, err
		}
		verdicts = append(verdicts, v...)
		page.After = links[len(links)-1].User
	}
}

func (s *Service) judgeLinks(ctx context.Context, tenant string, links []*store.Link, revision int64) ([]verdict, error) {
	users := make([]string, len(links))
	for i, l := range links {
		users[i] = l.User
	}
	connect, err := s.decide(ctx, tenant, users, connectCapability, revision)
	if err != nil {
		return nil, err
	}
	var verdicts []verdict
	var bidirectional []string
	for i, d := range connect {
		switch {
		case !d.Allowed:
			verdicts = append(verdicts, verdict{tenant: tenant, user: d.User, revoke: true, reason: revocationReason(d.Reason)})
		case links[i].Direction == typev1.ConsentDirection_BIDIRECTIONAL:
			bidirectional = append(bidirectional, d.User)
		}
	}
	if len(bidirectional) == 0 {
		return verdicts, nil
	}
	share, err := s.decide(ctx, tenant, bidirectional, shareCapability, revision)
	if err != nil {
		return nil, err
	}
	for _, d := range share {
		if !d.Allowed {
			verdicts = append(verdicts, verdict{tenant: tenant, user: d.User, narrow: true})
		}
	}
	return verdicts, nil
}

// applyVerdicts revokes and narrows inside tx, but not the users of the
// links that changed since they were judged: they are judged again.
func (s *Service) applyVerdicts(ctx context.Context, tx store.Tx, verdicts []verdict, changed []*store.Link) error {
	stale := map[string]bool{}
	for _, l := range changed {
		stale[l.Tenant+"/"+l.User] = true
	}
	for _, v := range verdicts {
		if stale[v.tenant+"/"+v.user] {
			continue
		}
		if v.revoke {
			if _, err := s.revokeIn(ctx, tx, v.tenant, v.user, v.reason, serviceActor); err != nil {
				return err
			}
			continue
		}
		_, err := s.changeDirectionIn(ctx, tx, v.tenant, v.user, typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION,
			consentv1.ConsentEvent_DIRECTION_LIMITED_BY_TENANT, serviceActor)
		if err != nil {
			return err
		}
	}
	return nil
}

// decide asks policy about users of a tenant at revision or later (a
// replica of policy that has not caught up waits, or answers Unavailable
// and the batch is retried).
func (s *Service) decide(ctx context.Context, tenant string, users []string, capability policyv1.Capability, revision int64) ([]*policyv1.AccessDecision, error) {
	return policyclient.Decide(ctx, s.Policy, tenant, users, capability, revision)
}

// revocationReason is the ledger's word for policy's reason.
func revocationReason(r policyv1.AccessReason) consentv1.ConsentEvent_Reason {
	switch r {
	case policyv1.AccessReason_DISABLED_BY_TENANT:
		return consentv1.ConsentEvent_DISABLED_BY_TENANT
	case policyv1.AccessReason_NOT_IN_SELECTED_GROUP:
		return consentv1.ConsentEvent_NOT_IN_SELECTED_GROUP
	case policyv1.AccessReason_UNAVAILABLE_IN_CLOUD:
		return consentv1.ConsentEvent_UNAVAILABLE_IN_CLOUD
	case policyv1.AccessReason_USER_NOT_FOUND:
		return consentv1.ConsentEvent_USER_NOT_FOUND
	default:
		return consentv1.ConsentEvent_REASON_UNSPECIFIED
	}
}
