package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestInputLimits sends requests over the documented limits through the
// gateway: each is refused with 400 naming the field. Before, 100,000
// phone numbers were accepted, after which listing users and reading the
// audit log failed with "message larger than max".
func TestInputLimits(t *testing.T) {
	ten, admin := newTenant(t, "US")
	base := tenantPath(ten.ID)
	createUsers(t, admin, ten.ID, "u1")
	phones := func(n int) []map[string]any {
		list := make([]map[string]any, n)
		for i := range list {
			list[i] = map[string]any{"number": "1"}
		}
		return list
	}
	overrides := make([]map[string]any, 51)
	for i := range overrides {
		overrides[i] = map[string]any{"group": fmt.Sprintf("g%d", i), "setting": "DISABLED"}
	}
	batch := make([]string, 1001)
	for i := range batch {
		batch[i] = "u1"
	}
	// Bodies stay under the gateway's own body limit (1 MiB), so the
	// service's rule is what answers.
	runBad(t, []badRequest{
		{"20,000 phone numbers", admin, "POST", base + "/users",
			map[string]any{"id": "x1", "email": "x1@example.com", "displayName": "X", "phones": phones(20000)}, invalidField("user.phones")},
		{"11 phone numbers", admin, "PATCH", base + "/users/u1", map[string]any{"phones": phones(11)}, invalidField("user.phones")},
		{"a display name of 257 characters", admin, "POST", base + "/users",
			map[string]any{"id": "x1", "email": "x1@example.com", "displayName": strings.Repeat("é", 257)}, invalidField("user.display_name")},
		{"an email of 255 characters", admin, "POST", base + "/users",
			map[string]any{"id": "x1", "email": strings.Repeat("a", 243) + "@example.com", "displayName": "X"}, invalidField("user.email")},
		{"a group description of 1025 characters", admin, "POST", base + "/groups",
			map[string]any{"id": "g1", "displayName": "G", "type": "SECURITY", "description": strings.Repeat("d", 1025)}, invalidField("group.description")},
		{"51 client policy overrides", admin, "PATCH", base + "/clientPolicy", map[string]any{"groupOverrides": overrides},
			invalidField("policy.group_overrides")},
		{"1001 users in a batch", admin, "POST", base + ":batchCheckAccess",
			map[string]any{"users": batch, "capability": "ACCOUNT_CONNECTION"}, invalidField("users")},
		{"a page of 201 users", admin, "GET", base + "/users?pageSize=201", nil, invalidField("page_size")},
		{"a page of 201 groups", admin, "GET", base + "/groups?pageSize=201", nil, invalidField("page_size")},
		{"a page of 101 audit events", admin, "GET", base + "/auditLog?pageSize=101", nil, invalidField("page_size")},
		{"a page token of 129 characters", admin, "GET", base + "/consentEvents?pageToken=" + strings.Repeat("A", 129), nil,
			invalidField("page_token")},
	})

	t.Run("the largest user still lists", func(t *testing.T) {
		// Every field at its maximum, in characters that take 4 bytes.
		wide := func(n int) string { return strings.Repeat("𝒜", n) }
		numbers := make([]map[string]any, 10)
		for i := range numbers {
			numbers[i] = map[string]any{"type": "MOBILE", "number": "+" + strings.Repeat("1", 31)}
		}
		for i := range 3 {
			admin.ok(t, "POST", base+"/users", map[string]any{
				"id": strings.Repeat("x", 63) + fmt.Sprint(i), "email": fmt.Sprintf("%s%d@%s.com", wide(63), i, wide(185)),
				"displayName": wide(256), "givenName": wide(64), "surname": wide(64), "jobTitle": wide(128),
				"department": wide(64), "office": wide(128), "phones": numbers,
			}, nil)
		}
		var users userList
		admin.ok(t, "GET", base+"/users?pageSize=200", nil, &users)
		if len(users.Users) != 4 {
			t.Errorf("listed %d users, want 4", len(users.Users))
		}
		admin.ok(t, "GET", base+"/auditLog?pageSize=100", nil, nil)
	})
}

// TestInputLimitsOverGRPC sends what the gateway's body limit would stop
// straight to the policy service: the limits hold there too.
func TestInputLimitsOverGRPC(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin := withBearer(ctx, signToken(t, sut.devKey, validClaims("contoso", "admin", roleTenantAdmin)))
	policy := policyv1.NewPolicyServiceClient(dialPolicy(t))
	phones := make([]*policyv1.PhoneNumber, 100000)
	for i := range phones {
		phones[i] = &policyv1.PhoneNumber{Number: "1"}
	}
	paths := make([]string, 100000)
	for i := range paths {
		paths[i] = "job_title"
	}
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"the probe's 100,000 phone numbers", func() error {
			_, err := policy.CreateUser(admin, &policyv1.CreateUserRequest{Tenant: "contoso", User: &policyv1.User{
				Id: "x1", Email: "x1@example.com", DisplayName: "X", Phones: phones,
			}})
			return err
		}, "user.phones"},
		{"an update mask of 100,000 paths", func() error {
			_, err := policy.UpdateUser(admin, &policyv1.UpdateUserRequest{Tenant: "contoso",
				User: &policyv1.User{Id: "alice", JobTitle: "X"}, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}})
			return err
		}, "update_mask"},
		{"a department of a million characters the mask leaves out", func() error {
			_, err := policy.UpdateUser(admin, &policyv1.UpdateUserRequest{Tenant: "contoso",
				User:       &policyv1.User{Id: "alice", JobTitle: "X", Department: strings.Repeat("d", 1<<20)},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"job_title"}}})
			return err
		}, "user.department"},
		{"NUL in a display name", func() error {
			_, err := policy.CreateUser(admin, &policyv1.CreateUserRequest{Tenant: "contoso", User: &policyv1.User{
				Id: "x1", Email: "x1@example.com", DisplayName: "X\x00",
			}})
			return err
		}, "user.display_name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			if status.Code(err) != codes.InvalidArgument {
				t.Fatalf("answered %v, want InvalidArgument", err)
			}
			wantGRPCInvalid(t, err, c.field)
		})
	}
}
