package policy

import (
	"context"

	"github.com/liaisonhq/liaison/platform/access"
	"github.com/liaisonhq/liaison/platform/auth"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// AccessRules say who may make each call: operators create tenants; a
// tenant's admins (and operators) change it and read its audit log;
// readers (admins, operators and services) read its directory and
// settings; users read their own record and access; anyone of the tenant
// reads the tenant itself. The server checks them before the request's
// rules, so a caller without access learns nothing of the call.
func AccessRules() access.Rules {
	r := access.Rules{}
	admin := func(ctx context.Context, tenant string) error { return auth.RequireTenantAdmin(ctx, tenant) }
	reader := func(ctx context.Context, tenant string) error { return auth.RequireTenantReader(ctx, tenant) }

	access.Add(r, func(ctx context.Context, _ *policyv1.CreateTenantRequest) error { return auth.RequireOperator(ctx) })
	access.Add(r, func(ctx context.Context, req *policyv1.GetTenantRequest) error {
		return auth.RequireTenantMember(ctx, req.Tenant)
	})

	access.Add(r, func(ctx context.Context, req *policyv1.CreateUserRequest) error { return admin(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.GetUserRequest) error {
		return auth.RequireSelfOrReader(ctx, req.Tenant, req.User)
	})
	access.Add(r, func(ctx context.Context, req *policyv1.ListUsersRequest) error { return reader(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.LookupUserRequest) error { return reader(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, _ *policyv1.SearchPeopleRequest) error {
		return auth.RequireTenantUser(ctx, "colleagues of their own to search for")
	})
	access.Add(r, func(ctx context.Context, req *policyv1.UpdateUserRequest) error { return admin(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.DeleteUserRequest) error { return admin(ctx, req.Tenant) })

	access.Add(r, func(ctx context.Context, req *policyv1.CreateGroupRequest) error { return admin(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.GetGroupRequest) error { return reader(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.ListGroupsRequest) error { return reader(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.DeleteGroupRequest) error { return admin(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.AddGroupMemberRequest) error { return admin(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.RemoveGroupMemberRequest) error { return admin(ctx, req.Tenant) })

	access.Add(r, func(ctx context.Context, req *policyv1.GetLinkedInSettingsRequest) error {
		return reader(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, req *policyv1.UpdateLinkedInSettingsRequest) error {
		return admin(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, req *policyv1.PreviewLinkedInSettingsChangeRequest) error {
		return admin(ctx, req.Tenant)
	})

	access.Add(r, func(ctx context.Context, req *policyv1.CreateMailboxPolicyRequest) error {
		return admin(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, req *policyv1.GetMailboxPolicyRequest) error { return reader(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.ListMailboxPoliciesRequest) error {
		return reader(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, req *policyv1.UpdateMailboxPolicyRequest) error {
		return admin(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, req *policyv1.DeleteMailboxPolicyRequest) error {
		return admin(ctx, req.Tenant)
	})

	access.Add(r, func(ctx context.Context, req *policyv1.GetClientPolicyRequest) error { return reader(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.UpdateClientPolicyRequest) error {
		return admin(ctx, req.Tenant)
	})

	access.Add(r, func(ctx context.Context, req *policyv1.ListAuditEventsRequest) error { return admin(ctx, req.Tenant) })

	access.Add(r, func(ctx context.Context, req *policyv1.CheckAccessRequest) error {
		return auth.RequireSelfOrReader(ctx, req.Tenant, req.User)
	})
	access.Add(r, func(ctx context.Context, _ *policyv1.CheckMyAccessRequest) error { return requireUserOfATenant(ctx) })
	access.Add(r, func(ctx context.Context, req *policyv1.BatchCheckAccessRequest) error { return reader(ctx, req.Tenant) })

	access.Add(r, func(ctx context.Context, req *policyv1.WatchRequest) error {
		return auth.RequireReaderOf(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, _ *policyv1.GetHeadRevisionRequest) error {
		return auth.RequireReaderOf(ctx, "")
	})
	// Data-subject requests: a tenant's admins and operators, no service.
	access.Add(r, func(ctx context.Context, req *policyv1.ExportUserDataRequest) error { return admin(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.EraseUserDataRequest) error { return admin(ctx, req.Tenant) })
	access.Add(r, func(ctx context.Context, req *policyv1.GetErasureRequest) error { return admin(ctx, req.Tenant) })
	return r
}

// requireUserOfATenant allows the users of a tenant, who have access of
// their own to ask about.
func requireUserOfATenant(ctx context.Context) error {
	return auth.RequireTenantUser(ctx, "access of their own to ask about")
}
