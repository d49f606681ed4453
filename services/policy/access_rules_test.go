package policy_test

import (
	"context"
	"io"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestEveryMethodHasAnAccessRule: a method without one would refuse every
// call; this names it first.
func TestEveryMethodHasAnAccessRule(t *testing.T) {
	service := policyv1.File_liaison_policy_v1_policy_service_proto.Services().Get(0)
	if missing := policy.AccessRules().Missing(service); len(missing) > 0 {
		t.Errorf("methods without an access rule: %v", missing)
	}
}

// TestCallersWithoutAccessLearnNothingOfTheRequestsRules: a request the
// caller may not send is refused as such (NotFound for another tenant,
// PermissionDenied for a missing role) before its own rules are checked,
// so a malformed one tells the caller nothing either.
func TestCallersWithoutAccessLearnNothingOfTheRequestsRules(t *testing.T) {
	h := newHarness(t)
	govAdmin := h.as("gov", "admin", auth.RoleTenantAdmin)
	alice := h.as("contoso", "alice")
	for _, c := range []struct {
		name string
		call func() error
		want codes.Code
	}{
		{"another tenant's admin, an empty update", callAs(govAdmin, h.client.UpdateUser, &policyv1.UpdateUserRequest{Tenant: "contoso"}), codes.NotFound},
		{"another tenant's admin, an empty group", callAs(govAdmin, h.client.CreateGroup, &policyv1.CreateGroupRequest{Tenant: "contoso"}), codes.NotFound},
		{"another tenant's admin, a page too large", callAs(govAdmin, h.client.ListUsers, &policyv1.ListUsersRequest{Tenant: "contoso", PageSize: 100000}), codes.NotFound},
		{"a user, an empty group", callAs(alice, h.client.CreateGroup, &policyv1.CreateGroupRequest{Tenant: "contoso"}), codes.PermissionDenied},
		{"a user, another user's access with a bad capability", callAs(alice, h.client.CheckAccess, &policyv1.CheckAccessRequest{Tenant: "contoso", User: "bob", Capability: 99}), codes.PermissionDenied},
		{"a user, a tenant with a bad id", callAs(alice, h.client.CreateTenant, &policyv1.CreateTenantRequest{Tenant: &policyv1.Tenant{Id: "\x00"}}), codes.PermissionDenied},
		{"a user, every tenant's changes from a negative revision", watch(alice, h.client, &policyv1.WatchRequest{FromRevision: -1}), codes.PermissionDenied},
	} {
		if err := c.call(); status.Code(err) != c.want {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

// watch opens a Watch stream and returns the error of its first message.
func watch(ctx context.Context, client policyv1.PolicyServiceClient, req *policyv1.WatchRequest) func() error {
	return func() error {
		stream, err := client.Watch(ctx, req)
		if err != nil {
			return err
		}
		if _, err := stream.Recv(); err != io.EOF {
			return err
		}
		return nil
	}
}
