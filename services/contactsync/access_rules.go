package contactsync

import (
	"context"
	"slices"

	"github.com/liaisonhq/liaison/platform/access"
	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/auth"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
)

// AccessRules say who may make each call: the contact calls and the "My"
// calls act on the caller's own mailbox, so only a user of a tenant makes
// them; the tenant-wide calls need a tenant reader (its admins, operators,
// services). The server checks them before the request's rules.
func AccessRules() access.Rules {
	r := access.Rules{}
	own := func(ctx context.Context) error { return requireOwnMailbox(ctx) }
	access.Add(r, func(ctx context.Context, _ *contactsyncv1.ListContactFoldersRequest) error { return own(ctx) })
	access.Add(r, func(ctx context.Context, _ *contactsyncv1.ListContactsRequest) error { return own(ctx) })
	access.Add(r, func(ctx context.Context, _ *contactsyncv1.GetContactRequest) error { return own(ctx) })
	access.Add(r, func(ctx context.Context, _ *contactsyncv1.CreateContactRequest) error { return own(ctx) })
	access.Add(r, func(ctx context.Context, _ *contactsyncv1.UpdateContactRequest) error { return own(ctx) })
	access.Add(r, func(ctx context.Context, _ *contactsyncv1.DeleteContactRequest) error { return own(ctx) })
	access.Add(r, func(ctx context.Context, _ *contactsyncv1.DeltaContactsRequest) error { return own(ctx) })
	access.Add(r, func(ctx context.Context, _ *contactsyncv1.GetMyContactSyncRequest) error { return own(ctx) })
	access.Add(r, func(ctx context.Context, _ *contactsyncv1.RunMyContactSyncRequest) error { return own(ctx) })
	access.Add(r, func(ctx context.Context, req *contactsyncv1.ListContactSyncStatusesRequest) error {
		return auth.RequireTenantReader(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, req *contactsyncv1.ListPurgeJobsRequest) error {
		return auth.RequireTenantReader(ctx, req.Tenant)
	})
	access.Add(r, func(ctx context.Context, req *contactsyncv1.GetPurgeJobRequest) error {
		return auth.RequireTenantReader(ctx, req.Tenant)
	})
	// Counts for policy's impact preview; users' contacts for a tenant's
	// admins and operators, and for the policy service, which gathers a
	// data-subject export.
	access.Add(r, func(ctx context.Context, req *contactsyncv1.CountSyncedContactsRequest) error {
		return requireReaderOrService(ctx, req.Tenant, "service:policy")
	})
	access.Add(r, func(ctx context.Context, req *contactsyncv1.ExportUserContactsRequest) error {
		return requireReaderOrService(ctx, req.Tenant, "service:policy")
	})
	// Erasures are run by the policy service alone.
	access.Add(r, func(ctx context.Context, _ *contactsyncv1.EraseUserDataRequest) error {
		if p := auth.FromContext(ctx); p == nil || !p.Has(auth.RoleService) || p.Subject != "service:policy" {
			return apierror.PermissionDenied("only the policy service erases a user's data")
		}
		return nil
	})
	// A user's own contacts, for the card of a person outside the tenant:
	// the profile-card service only (it acts for the viewer), no person.
	access.Add(r, func(ctx context.Context, req *contactsyncv1.FindOwnContactRequest) error {
		if p := auth.FromContext(ctx); p == nil || !p.Has(auth.RoleService) || p.Subject != "service:profile-card" {
			return apierror.PermissionDenied("only the profile-card service finds a user's own contacts")
		}
		return auth.RequireTenantReader(ctx, req.Tenant)
	})
	return r
}

// requireOwnMailbox allows the users of a tenant, who have a mailbox of
// their own; services and operators have none.
func requireOwnMailbox(ctx context.Context) error {
	return auth.RequireTenantUser(ctx, "contacts of their own")
}

// requireReaderOrService allows a tenant's readers who are people (its
// admins, operators) and, of the services, only those named.
func requireReaderOrService(ctx context.Context, tenant string, services ...string) error {
	if p := auth.FromContext(ctx); p != nil && p.Has(auth.RoleService) && !slices.Contains(services, p.Subject) {
		return apierror.PermissionDenied("this service may not make this call")
	}
	return auth.RequireTenantReader(ctx, tenant)
}

// caller is the tenant and user whose mailbox a call acts on.
func caller(ctx context.Context) (tenant, user string) {
	p := auth.FromContext(ctx) // the access rules let only users through
	return p.Tenant, p.Subject
}
