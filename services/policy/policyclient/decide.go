// Package policyclient is how the services that follow policy ask it about
// many users at once.
package policyclient

import (
	"context"
	"fmt"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// MaxBatch is the most users one BatchCheckAccess asks about.
const MaxBatch = 1000

// Decide asks policy whether each of users may use capability (on the web
// surface), at revision or later, in batches of at most MaxBatch, and
// returns the decisions in the order of users. A tenant policy no longer
// knows denies everyone (USER_NOT_FOUND). A replica that answers from
// before revision is an error: the caller retries.
func Decide(ctx context.Context, client policyv1.PolicyServiceClient, tenant string, users []string,
	capability policyv1.Capability, revision int64) ([]*policyv1.AccessDecision, error) {
	decisions := make([]*policyv1.AccessDecision, 0, len(users))
	for len(users) > 0 {
		batch := users[:min(len(users), MaxBatch)]
		users = users[len(batch):]
		resp, err := client.BatchCheckAccess(ctx, &policyv1.BatchCheckAccessRequest{
			Tenant: tenant, Users: batch, Capability: capability, Surface: policyv1.Surface_WEB, MinRevision: revision,
		})
		if status.Code(err) == codes.NotFound {
			for _, u := range batch {
				decisions = append(decisions, &policyv1.AccessDecision{User: u, Reason: policyv1.AccessReason_USER_NOT_FOUND})
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if resp.Revision < revision {
			return nil, fmt.Errorf("policy answered at revision %d, before the change at %d: a replica is catching up", resp.Revision, revision)
		}
		decisions = append(decisions, resp.Decisions...)
	}
	return decisions, nil
}

// TenantsOf lists the tenants of policy's changes once each, in order of
// appearance: the tenants a batch of its Watch stream concerns.
func TenantsOf(changes []*policyv1.Change) []string {
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
