// Package demo loads the demo organization used by `make run` and the
// README walk-through: tenant contoso (users admin, alice, bob, carol; group
// pilot containing group pilot-core containing alice) and tenant gov in the
// US government cloud.
package demo

import (
	"context"
	"strings"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/auth"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc/codes"
)

// Seed creates the demo tenants through svc unless they exist, and reports
// whether it created anything. It acts as the operator "seed-demo".
func Seed(ctx context.Context, svc policyv1.PolicyServiceServer) (bool, error) {
	ctx = auth.WithPrincipal(ctx, &auth.Principal{Subject: "seed-demo", Roles: []string{auth.RoleOperator}})
	_, err := svc.GetTenant(ctx, &policyv1.GetTenantRequest{Tenant: "contoso"})
	if err == nil {
		return false, nil
	}
	if !isNotFound(err) {
		return false, err
	}
	for _, step := range steps(svc) {
		if err := step(ctx); err != nil {
			return false, err
		}
	}
	return true, nil
}

func isNotFound(err error) bool {
	e, ok := err.(*apierror.Error)
	return ok && e.Code == codes.NotFound
}

type step func(context.Context) error

func steps(svc policyv1.PolicyServiceServer) []step {
	tenant := func(id, name string, cloud policyv1.Cloud, location string) step {
		return func(ctx context.Context) error {
			_, err := svc.CreateTenant(ctx, &policyv1.CreateTenantRequest{Tenant: &policyv1.Tenant{
				Id: id, DisplayName: name, Cloud: cloud, DataLocation: location,
			}})
			return err
		}
	}
	user := func(id, given, surname, title, department, phone string) step {
		return func(ctx context.Context) error {
			_, err := svc.CreateUser(ctx, &policyv1.CreateUserRequest{Tenant: "contoso", User: &policyv1.User{
				Id: id, Email: id + "@contoso.com", DisplayName: strings.TrimSpace(given + " " + surname),
				GivenName: given, Surname: surname, JobTitle: title, Department: department, Office: "Redmond",
				Phones: []*policyv1.PhoneNumber{{Type: policyv1.PhoneNumber_BUSINESS, Number: phone}},
			}})
			return err
		}
	}
	group := func(id, name string) step {
		return func(ctx context.Context) error {
			_, err := svc.CreateGroup(ctx, &policyv1.CreateGroupRequest{Tenant: "contoso", Group: &policyv1.Group{
				Id: id, DisplayName: name, Type: policyv1.GroupType_SECURITY,
			}})
			return err
		}
	}
	member := func(group, member string) step {
		return func(ctx context.Context) error {
			_, err := svc.AddGroupMember(ctx, &policyv1.AddGroupMemberRequest{Tenant: "contoso", Group: group, Member: member})
			return err
		}
	}
	return []step{
		tenant("contoso", "Contoso", policyv1.Cloud_PUBLIC, "US"),
		user("admin", "Contoso", "Admin", "IT administrator", "IT", "+1 425 555 0100"),
		user("alice", "Alice", "Wong", "Product manager", "Sales", "+1 425 555 0101"),
		user("bob", "Bob", "Kelly", "Account executive", "Sales", "+1 425 555 0102"),
		user("carol", "Carol", "Diaz", "Engineer", "Engineering", "+1 425 555 0103"),
		group("pilot", "LinkedIn pilot"),
		group("pilot-core", "LinkedIn pilot core team"),
		member("pilot", "groups/pilot-core"),
		member("pilot-core", "users/alice"),
		tenant("gov", "Contoso Government", policyv1.Cloud_US_GOVERNMENT, "US"),
	}
}
