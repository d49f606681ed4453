package consent

import (
	"context"
	"fmt"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// policyCursor names the stored position in policy's change stream.
const policyCursor = "policy-watch"

// serviceActor is who revocations that follow policy are recorded as.
const serviceActor = "service:consent"

// followPolicy keeps grants in line with policy until ctx ends: it watches
// policy's changes from the stored cursor (so it catches up after a
// restart), and after each batch re-checks every connected user of the
// tenants that changed. The cursor moves only once a batch is handled, so a
// failure (policy or LinkedIn unreachable) means the batch is handled again.
func (s *Service) followPolicy(ctx context.Context) {
	wait := time.Second
	for ctx.Err() == nil {
		received, err := s.followPolicyStream(ctx)
		if ctx.Err() != nil {
			return
		}
		if received {
			wait = time.Second // the stream worked: this is a new outage
		}
		s.Logger.WarnContext(ctx, "following policy changes stopped; resuming", "error", err, "in", wait)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

// followPolicyStream follows one Watch stream until it fails, and says
// whether it received anything.
func (s *Service) followPolicyStream(ctx context.Context) (received bool, err error) {
	from, err := s.store.Cursor(ctx, policyCursor)
	if err != nil {
		return false, err
	}
	stream, err := s.Policy.Watch(ctx, &policyv1.WatchRequest{FromRevision: from})
	if err != nil {
		return false, err
	}
	for {
		batch, err := stream.Recv()
		if err != nil {
			return received, err
		}
		received = true
		for _, tenant := range tenantsOf(batch.Changes) {
			if err := s.reconcile(ctx, tenant, batch.Revision); err != nil {
				return received, err
			}
		}
		if batch.Revision > from {
			err := s.store.Write(ctx, func(tx store.Tx) error { return tx.SetCursor(ctx, policyCursor, batch.Revision) })
			if err != nil {
				return received, err
			}
			from = batch.Revision
		}
	}
}

// tenantsOf lists the tenants of changes once each, in order of appearance.
func tenantsOf(changes []*policyv1.Change) []string {
	var tenants []string
	seen := map[string]bool{}
	for _, c := range changes {
		if !seen[c.Tenant] {
			seen[c.Tenant] = true
			tenants = append(tenants, c.Tenant)
		}
	}
	return tenants
}

// reconcile asks policy about every connected user of the tenant: users who
// may no longer connect are disconnected, and both-ways grants the tenant
// now caps are narrowed, each with policy's reason. Policy's answers must
// reflect at least revision (the batch being handled): a replica that has
// not caught up yet fails the batch, which is then handled again.
func (s *Service) reconcile(ctx context.Context, tenant string, revision int64) error {
	page := store.Page{Limit: 1000}
	for {
		links, err := s.store.ListLinks(ctx, tenant, page)
		if err != nil || len(links) == 0 {
			return err
		}
		if err := s.reconcileLinks(ctx, tenant, links, revision); err != nil {
			return err
		}
		page.After = links[len(links)-1].User
	}
}

func (s *Service) reconcileLinks(ctx context.Context, tenant string, links []*store.Link, revision int64) error {
	users := make([]string, len(links))
	for i, l := range links {
		users[i] = l.User
	}
	connect, err := s.decide(ctx, tenant, users, connectCapability, revision)
	if err != nil {
		return err
	}
	var bidirectional []string
	for i, d := range connect {
		switch {
		case !d.Allowed:
			if _, err := s.revoke(ctx, tenant, d.User, revocationReason(d.Reason), serviceActor); err != nil {
				return err
			}
		case links[i].Direction == typev1.ConsentDirection_BIDIRECTIONAL:
			bidirectional = append(bidirectional, d.User)
		}
	}
	if len(bidirectional) == 0 {
		return nil
	}
	share, err := s.decide(ctx, tenant, bidirectional, shareCapability, revision)
	if err != nil {
		return err
	}
	for _, d := range share {
		if !d.Allowed {
			_, err := s.changeDirection(ctx, tenant, d.User, typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION,
				consentv1.ConsentEvent_DIRECTION_LIMITED_BY_TENANT, serviceActor)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// decide asks policy about many users at once, at revision or later. A
// tenant policy no longer knows is treated as denying everyone.
func (s *Service) decide(ctx context.Context, tenant string, users []string, capability policyv1.Capability, revision int64) ([]*policyv1.AccessDecision, error) {
	resp, err := s.Policy.BatchCheckAccess(ctx, &policyv1.BatchCheckAccessRequest{
		Tenant: tenant, Users: users, Capability: capability, Surface: policyv1.Surface_WEB,
	})
	if status.Code(err) == codes.NotFound {
		denied := make([]*policyv1.AccessDecision, len(users))
		for i, u := range users {
			denied[i] = &policyv1.AccessDecision{User: u, Reason: policyv1.AccessReason_USER_NOT_FOUND}
		}
		return denied, nil
	}
	if err != nil {
		return nil, err
	}
	if resp.Revision < revision {
		return nil, fmt.Errorf("policy answered at revision %d, before the change at %d: a replica is catching up", resp.Revision, revision)
	}
	return resp.Decisions, nil
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
