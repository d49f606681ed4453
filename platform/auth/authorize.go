package auth

import (
	"context"

	"github.com/liaisonhq/liaison/platform/apierror"
)

// The checks below answer NotFound for another tenant's resources, so a
// caller cannot learn which tenants exist, and PermissionDenied when the
// tenant is the caller's own but the role is missing.

// RequireOperator allows operators only.
func RequireOperator(ctx context.Context) error {
	p := FromContext(ctx)
	if p == nil {
		return apierror.Unauthenticated("no credentials")
	}
	if !p.Has(RoleOperator) {
		return apierror.PermissionDenied("this operation needs the Operator role")
	}
	return nil
}

// RequireTenantAdmin allows operators and the tenant's own admins.
func RequireTenantAdmin(ctx context.Context, tenant string) error {
	p, err := inTenant(ctx, tenant)
	if err != nil {
		return err
	}
	return adminCheck(p)
}

// RequireTenantReader allows services, operators and the tenant's admins to
// read tenant-wide data.
func RequireTenantReader(ctx context.Context, tenant string) error {
	p, err := inTenant(ctx, tenant)
	if err != nil {
		return err
	}
	return readerCheck(p)
}

// RequireTenantMember allows anyone of the tenant, plus services and
// operators.
func RequireTenantMember(ctx context.Context, tenant string) error {
	_, err := inTenant(ctx, tenant)
	return err
}

// RequireSelfOrReader allows a user to act on their own record, and tenant
// readers on anyone's.
func RequireSelfOrReader(ctx context.Context, tenant, user string) error {
	p, err := inTenant(ctx, tenant)
	if err != nil {
		return err
	}
	if p.Tenant == tenant && p.Subject == user {
		return nil
	}
	return readerCheck(p)
}

// adminCheck and readerCheck judge the roles of a caller inTenant already
// let see the tenant; a hot path (every access decision) checks once.
func adminCheck(p *Principal) error {
	if p.Has(RoleOperator) || p.Has(RoleTenantAdmin) {
		return nil
	}
	return apierror.PermissionDenied("this operation needs the TenantAdmin role")
}

func readerCheck(p *Principal) error {
	if p.Has(RoleService) {
		return nil
	}
	return adminCheck(p)
}

// inTenant returns the caller if it may see tenant at all: operators and
// services always, everyone else in their own tenant only.
func inTenant(ctx context.Context, tenant string) (*Principal, error) {
	p := FromContext(ctx)
	switch {
	case p == nil:
		return nil, apierror.Unauthenticated("no credentials")
	case p.Has(RoleOperator), p.Has(RoleService), p.Tenant == tenant:
		return p, nil
	default:
		return nil, apierror.NotFound("tenant", tenant)
	}
}

// RequireReaderOf allows reading one tenant's data as RequireTenantReader
// does, or, with tenant empty, every tenant's: services and operators only.
func RequireReaderOf(ctx context.Context, tenant string) error {
	if tenant != "" {
		return RequireTenantReader(ctx, tenant)
	}
	p := FromContext(ctx)
	if p == nil {
		return apierror.Unauthenticated("no credentials")
	}
	if !p.Has(RoleService) && !p.Has(RoleOperator) {
		return apierror.PermissionDenied("reading every tenant needs the Service or Operator role; name a tenant")
	}
	return nil
}

// RequireTenantUser allows the users of a tenant (admins among them): the
// calls that act for the caller as a person, on data of their own. why
// says what only a user has, e.g. "contacts of their own".
func RequireTenantUser(ctx context.Context, why string) error {
	if p := FromContext(ctx); p == nil || p.Tenant == "" || p.Has(RoleService) {
		return apierror.PermissionDenied("only a user of a tenant has " + why)
	}
	return nil
}
