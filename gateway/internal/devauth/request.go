package devauth

import (
	"fmt"
	"slices"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
	"github.com/liaisonhq/liaison/platform/auth"
)

// The roles a token can carry. No role at all is a plain user.
const (
	RoleOperator    = "Operator"
	RoleTenantAdmin = "TenantAdmin"
	RoleUser        = "User"
)

var knownRoles = []string{RoleOperator, RoleTenantAdmin, RoleUser}

// TokenRequest is the body of POST /dev/token.
type TokenRequest struct {
	Tenant string   `json:"tenant"`
	User   string   `json:"user"`
	Roles  []string `json:"roles"`
}

// Validate names the first field that is wrong. Operators work across tenants,
// so only they may have no tenant. The user and tenant follow the services'
// own rules for a token's subject and tenant (package auth): a token minted
// here is never one they refuse.
func (r TokenRequest) Validate() error {
	if r.User == "" {
		return jsonapi.InvalidField("user", "required")
	}
	if rule := auth.UserSubjectFault(r.User); rule != "" {
		return jsonapi.InvalidField("user", rule)
	}
	if rule := auth.TenantFault(r.Tenant); rule != "" {
		return jsonapi.InvalidField("tenant", rule)
	}
	for i, role := range r.Roles {
		if !slices.Contains(knownRoles, role) {
			return jsonapi.InvalidField(fmt.Sprintf("roles[%d]", i), fmt.Sprintf("unknown role %q; want one of %v", jsonapi.Shorten(role), knownRoles))
		}
	}
	if r.Tenant == "" && !slices.Contains(r.Roles, RoleOperator) {
		return jsonapi.InvalidField("tenant", "required unless roles contains Operator")
	}
	return nil
}
