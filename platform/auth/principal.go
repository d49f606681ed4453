// Package auth authenticates every gRPC call of every service from its JWT
// bearer token, and answers which tenants and resources the caller may touch.
// Services validate tokens themselves, so a direct gRPC caller cannot bypass
// the gateway's authentication.
package auth

import (
	"context"
	"slices"
	"time"
)

// Roles carried in the token's "roles" claim.
const (
	// RoleOperator manages tenants, and may act in any tenant.
	RoleOperator = "Operator"
	// RoleTenantAdmin manages its own tenant.
	RoleTenantAdmin = "TenantAdmin"
	// RoleUser is a plain user; any authenticated caller is one.
	RoleUser = "User"
	// RoleService is another Liaison service calling with its own identity;
	// services may read every tenant.
	RoleService = "Service"
)

// Principal is the authenticated caller.
type Principal struct {
	// Subject is the user id ("alice") or the service ("service:consent").
	Subject string
	// Tenant is the caller's tenant id; empty for operators and services.
	Tenant string
	// Roles are the caller's roles.
	Roles []string
	// Expiry is when the caller's token expires; calls and streams may not
	// outlast it.
	Expiry time.Time
}

// Has reports whether the principal holds role.
func (p *Principal) Has(role string) bool { return slices.Contains(p.Roles, role) }

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the authenticated caller, or nil.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// Actor is who the calling principal is, as audit and ledger entries record
// it: the subject, or "system" for work no caller asked for.
func Actor(ctx context.Context) string {
	if p := FromContext(ctx); p != nil {
		return p.Subject
	}
	return SystemActor
}
