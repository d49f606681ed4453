package consent

import (
	"context"
	"slices"

	"github.com/liaisonhq/liaison/platform/access"
	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/auth"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// AccessRules say who may make each call: a user of a tenant manages their
// own connection; readers (a tenant's admins, operators and services) read
// a user's consent, the report and the ledger, and users their own
// consent; the services that read LinkedIn for a user, its LinkedIn token.
// CompleteConnection has no rule: it is called without a token, its state
// being its credential. The server checks them before the request's rules,
// so a caller without access learns nothing of the call.
func AccessRules() access.Rules {
	r := access.Rules{}
	access.Add(r, func(ctx context.Context, _ *consentv1.GetMyConnectionRequest) error { return requireOwnConnection(ctx) })
	access.Add(r, func(ctx context.Context, _ *consentv1.StartConnectionRequest) error { return requireOwnConnection(ctx) })
	access.Add(r, func(ctx context.Context, _ *consentv1.UpdateMyConnectionRequest) error {
		return requireOwnConnection(ctx)
	})
	access.Add(r, func(ctx context.Context, _ *consentv1.DisconnectRequest) error { return requireOwnConnection(ctx) })
	access.Add(r, func(ctx context.Context, req *consentv1.GetConsentRequest) error {
		return auth.RequireSelfOrReader(ctx, req.Tenant, req.User)
	})
	access.Add(r, func(ctx context.Context, req *consentv1.ListConnectionsRequest) error {
		return auth.RequireTenantReader(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, req *consentv1.ListConsentEventsRequest) error {
		return auth.RequireTenantReader(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, req *consentv1.WatchRequest) error {
		return auth.RequireReaderOf(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, _ *consentv1.GetHeadRevisionRequest) error {
		return auth.RequireReaderOf(ctx, "")
	})
	access.Add(r, func(ctx context.Context, _ *consentv1.GetProviderTokenRequest) error { return requireTokenReader(ctx) })
	// Data-subject requests: the policy service gathers exports and runs
	// erasures (operators may export too); no person erases through here.
	access.Add(r, func(ctx context.Context, req *consentv1.ExportUserDataRequest) error {
		// Not a tenant's admins: their exports go through policy, which
		// audits them.
		p := auth.FromContext(ctx)
		if p == nil || !(p.Has(auth.RoleService) && p.Subject == privacyService || p.Has(auth.RoleOperator)) {
			return apierror.PermissionDenied("a user's data is exported through the policy service (PolicyService.ExportUserData), which audits it")
		}
		return auth.RequireTenantReader(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, _ *consentv1.EraseUserDataRequest) error {
		if p := auth.FromContext(ctx); p == nil || !p.Has(auth.RoleService) || p.Subject != privacyService {
			return apierror.PermissionDenied("only the policy service erases a user's data")
		}
		return nil
	})
	return r
}

// privacyService runs data-subject requests: it alone erases.
const privacyService = "service:policy"

// tokenReaders are the services that read LinkedIn on a user's behalf, and
// so the only callers given a user's LinkedIn token.
var tokenReaders = []string{"service:contact-sync", "service:profile-card"}

// requireTokenReader allows those services only: being a service is not
// enough, as a token is more than a reader needs.
func requireTokenReader(ctx context.Context) error {
	if p := auth.FromContext(ctx); p == nil || !p.Has(auth.RoleService) || !slices.Contains(tokenReaders, p.Subject) {
		return apierror.PermissionDenied("only the contact-sync and profile-card services may read a user's LinkedIn token")
	}
	return nil
}

// requireOwnConnection allows the users of a tenant, who have a LinkedIn
// connection of their own; services have none.
func requireOwnConnection(ctx context.Context) error {
	if p := auth.FromContext(ctx); p == nil || p.Tenant == "" || p.Has(auth.RoleService) {
		return apierror.PermissionDenied("only a user of a tenant has a LinkedIn connection of their own")
	}
	return nil
}
