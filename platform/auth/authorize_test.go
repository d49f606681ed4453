package auth_test

import (
	"context"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestAuthorizationMatrix(t *testing.T) {
	operator := &auth.Principal{Subject: "ops", Roles: []string{auth.RoleOperator}}
	service := &auth.Principal{Subject: "service:consent", Roles: []string{auth.RoleService}}
	admin := &auth.Principal{Subject: "admin", Tenant: "contoso", Roles: []string{auth.RoleTenantAdmin}}
	alice := &auth.Principal{Subject: "alice", Tenant: "contoso"}
	foreignAdmin := &auth.Principal{Subject: "admin", Tenant: "fabrikam", Roles: []string{auth.RoleTenantAdmin}}

	type check func(ctx context.Context) error
	admins := func(ctx context.Context) error { return auth.RequireTenantAdmin(ctx, "contoso") }
	readers := func(ctx context.Context) error { return auth.RequireTenantReader(ctx, "contoso") }
	members := func(ctx context.Context) error { return auth.RequireTenantMember(ctx, "contoso") }
	aliceSelf := func(ctx context.Context) error { return auth.RequireSelfOrReader(ctx, "contoso", "alice") }
	bobByAlice := func(ctx context.Context) error { return auth.RequireSelfOrReader(ctx, "contoso", "bob") }
	operators := auth.RequireOperator

	cases := []struct {
		name  string
		who   *auth.Principal
		check check
		want  codes.Code
	}{
		{"operator administers any tenant", operator, admins, codes.OK},
		{"admin administers own tenant", admin, admins, codes.OK},
		{"user cannot administer", alice, admins, codes.PermissionDenied},
		{"service cannot administer", service, admins, codes.PermissionDenied},
		{"foreign admin sees nothing", foreignAdmin, admins, codes.NotFound},
		{"service reads any tenant", service, readers, codes.OK},
		{"user cannot read tenant-wide data", alice, readers, codes.PermissionDenied},
		{"foreign admin cannot read", foreignAdmin, readers, codes.NotFound},
		{"member sees own tenant", alice, members, codes.OK},
		{"foreign member does not", foreignAdmin, members, codes.NotFound},
		{"user acts on self", alice, aliceSelf, codes.OK},
		{"user cannot act on others", alice, bobByAlice, codes.PermissionDenied},
		{"admin acts on anyone in tenant", admin, bobByAlice, codes.OK},
		{"only operators create tenants", admin, operators, codes.PermissionDenied},
		{"operator creates tenants", operator, operators, codes.OK},
		{"no principal", nil, admins, codes.Unauthenticated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			if c.who != nil {
				ctx = auth.WithPrincipal(ctx, c.who)
			}
			if got := status.Code(c.check(ctx)); got != c.want {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}
