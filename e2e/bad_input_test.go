package e2e

import (
	"net/http"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
)

// badRequest is one request the API must refuse, and how.
type badRequest struct {
	name   string
	caller caller
	method string
	path   string
	body   any
	want   apiError
}

func runBad(t *testing.T, cases []badRequest) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.caller.fails(t, c.method, c.path, c.body, c.want)
		})
	}
}

// TestBadInput sends every kind of bad request the contract names and checks
// the status and the error body. The fixture tenant is set up so that each
// conflict has something to conflict with.
func TestBadInput(t *testing.T) {
	ten, admin := newTenant(t, "US")
	base := tenantPath(ten.ID)
	createUsers(t, admin, ten.ID, "u1", "u2")
	createGroup(t, admin, ten.ID, "child", "users/u1")
	createGroup(t, admin, ten.ID, "parent", "groups/child")
	createGroup(t, admin, ten.ID, "selected")
	createGroup(t, admin, ten.ID, "overridden")

	// Each etag is read, then made stale by a change.
	staleSettings := getSettings(t, admin, ten.ID).Etag
	patchSettings(t, admin, ten.ID, map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "selected"})
	var client clientPolicy
	admin.ok(t, "GET", base+"/clientPolicy", nil, &client)
	admin.ok(t, "PATCH", base+"/clientPolicy", map[string]any{
		"groupOverrides": []map[string]any{{"group": "overridden", "setting": "DISABLED"}},
	}, nil)
	var policy mailboxPolicy
	admin.ok(t, "POST", base+"/mailboxPolicies", map[string]any{"id": "Extra"}, &policy)
	admin.ok(t, "PATCH", base+"/mailboxPolicies/Extra", map[string]any{"linkedinContactSyncEnabled": false}, nil)

	t.Run("invalid fields", func(t *testing.T) {
		runBad(t, []badRequest{
			{"user without email", admin, "POST", base + "/users",
				map[string]any{"id": "x1", "displayName": "X"}, invalidField("user.email")},
			{"user with a malformed email", admin, "POST", base + "/users",
				map[string]any{"id": "x1", "email": "not-an-address", "displayName": "X"}, invalidField("user.email")},
			{"user with an invalid id", admin, "POST", base + "/users",
				map[string]any{"id": "Not Valid!", "email": "x@example.com", "displayName": "X"}, invalidField("user.id")},
			{"user without display name", admin, "POST", base + "/users",
				map[string]any{"id": "x1", "email": "x@example.com"}, invalidField("user.display_name")},
			{"user PATCH to a malformed email", admin, "PATCH", base + "/users/u1",
				map[string]any{"email": "nope"}, invalidField("user.email")},
			{"user assigned an unknown mailbox policy", admin, "PATCH", base + "/users/u1",
				map[string]any{"mailboxPolicy": "NoSuchPolicy"}, invalidField("user.mailbox_policy")},
			{"user PATCH of an output-only field", admin, "PATCH", base + "/users/u1",
				map[string]any{"createTime": "2020-01-01T00:00:00Z"}, invalidField("update_mask")},
			{"tenant without display name", operator(t), "POST", "/v1/tenants",
				map[string]any{"id": "no-name", "cloud": "PUBLIC", "dataLocation": "US"}, invalidField("tenant.display_name")},
			{"group without type", admin, "POST", base + "/groups",
				map[string]any{"id": "g1", "displayName": "G"}, invalidField("group.type")},
			{"member that is neither users/ nor groups/", admin, "POST", base + "/groups/child/members",
				map[string]any{"member": "u2"}, invalidField("member")},
			{"SELECTED_GROUP without a group", admin, "PATCH", base + "/linkedinSettings",
				map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": ""}, invalidField("settings.selected_group")},
			{"SELECTED_GROUP naming an unknown group", admin, "PATCH", base + "/linkedinSettings",
				map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "ghosts"}, invalidField("settings.selected_group")},
			{"preview naming an unknown group", admin, "POST", base + "/linkedinSettings:preview",
				map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "ghosts"}, invalidField("proposed.selected_group")},
			{"preview without a mode", admin, "POST", base + "/linkedinSettings:preview",
				map[string]any{}, invalidField("proposed.mode")},
			{"client policy override of an unknown group", admin, "PATCH", base + "/clientPolicy",
				map[string]any{"groupOverrides": []map[string]any{{"group": "ghosts", "setting": "ENABLED"}}},
				invalidField("policy.group_overrides[0].group")},
			{"checkAccess without capability", admin, "POST", base + "/users/u1:checkAccess",
				map[string]any{"surface": "WEB"}, invalidField("capability")},
			{"page size over 1000", admin, "GET", base + "/users?pageSize=5000", nil, invalidField("page_size")},
		})
	})

	t.Run("malformed bodies", func(t *testing.T) {
		// The gateway decodes the JSON; what it refuses must look like what
		// the services refuse.
		bad := apiError{status: http.StatusBadRequest, code: codes.InvalidArgument, reason: "FIELD_INVALID"}
		runBad(t, []badRequest{
			{"malformed JSON", admin, "POST", base + "/users", `{"id": "x1", "email": `, bad},
			{"unknown JSON field", admin, "POST", base + "/users",
				map[string]any{"id": "x1", "email": "x@example.com", "displayName": "X", "colour": "blue"}, bad},
			{"unknown enum value", admin, "POST", base + "/users/u1:checkAccess",
				map[string]any{"capability": "TELEPATHY"}, bad},
		})
	})

	t.Run("unknown resources", func(t *testing.T) {
		runBad(t, []badRequest{
			{"tenant", operator(t), "GET", tenantPath("no-such-tenant"), nil, notFound},
			{"user", admin, "GET", base + "/users/ghost", nil, notFound},
			{"user PATCH", admin, "PATCH", base + "/users/ghost", map[string]any{"jobTitle": "X"}, notFound},
			{"user DELETE", admin, "DELETE", base + "/users/ghost", nil, notFound},
			{"group", admin, "GET", base + "/groups/ghosts", nil, notFound},
			{"group member to add", admin, "POST", base + "/groups/child/members", map[string]any{"member": "users/ghost"}, notFound},
			{"group member to remove", admin, "DELETE", base + "/groups/child/members/users/u2", nil, notFound},
			{"mailbox policy", admin, "GET", base + "/mailboxPolicies/Ghost", nil, notFound},
		})
	})

	t.Run("conflicts", func(t *testing.T) {
		runBad(t, []badRequest{
			{"stale etag on LinkedIn settings", admin, "PATCH", base + "/linkedinSettings",
				map[string]any{"mode": "DISABLED", "etag": staleSettings}, etagMismatch},
			{"stale etag on the client policy", admin, "PATCH", base + "/clientPolicy",
				map[string]any{"setting": "ENABLED", "etag": client.Etag}, etagMismatch},
			{"stale etag on a mailbox policy", admin, "PATCH", base + "/mailboxPolicies/Extra",
				map[string]any{"linkedinContactSyncEnabled": true, "etag": policy.Etag}, etagMismatch},
			{"group cycle", admin, "POST", base + "/groups/child/members",
				map[string]any{"member": "groups/parent"}, conflict("GROUP_CYCLE")},
			{"group containing itself", admin, "POST", base + "/groups/child/members",
				map[string]any{"member": "groups/child"}, conflict("GROUP_CYCLE")},
			{"deleting the default mailbox policy", admin, "DELETE", base + "/mailboxPolicies/OwaMailboxPolicy-Default",
				nil, conflict("DEFAULT_POLICY_REQUIRED")},
			{"unsetting the default mailbox policy", admin, "PATCH", base + "/mailboxPolicies/OwaMailboxPolicy-Default",
				map[string]any{"isDefault": false}, conflict("DEFAULT_POLICY_REQUIRED")},
			{"deleting the group the LinkedIn setting names", admin, "DELETE", base + "/groups/selected",
				nil, conflict("RESOURCE_IN_USE")},
			{"deleting a group the client policy overrides", admin, "DELETE", base + "/groups/overridden",
				nil, conflict("RESOURCE_IN_USE")},
			{"duplicate user id", admin, "POST", base + "/users",
				map[string]any{"id": "u1", "email": "other@example.com", "displayName": "Other"}, alreadyExists},
			{"duplicate user email", admin, "POST", base + "/users",
				map[string]any{"id": "u9", "email": "u1@" + ten.ID + ".example.com", "displayName": "Other"}, alreadyExists},
			{"duplicate tenant", operator(t), "POST", "/v1/tenants",
				map[string]any{"id": ten.ID, "displayName": "Again", "cloud": "PUBLIC", "dataLocation": "US"}, alreadyExists},
		})
	})

	t.Run("authentication", func(t *testing.T) {
		stranger, err := newSigningKey()
		if err != nil {
			t.Fatal(err)
		}
		expired := validClaims(ten.ID, "admin", roleTenantAdmin)
		expired.IssuedAt = time.Now().Add(-2 * time.Hour).Unix()
		expired.Expiry = time.Now().Add(-time.Hour).Unix()
		wrongAudience := validClaims(ten.ID, "admin", roleTenantAdmin)
		wrongAudience.Audience = "someone-else"
		wrongIssuer := validClaims(ten.ID, "admin", roleTenantAdmin)
		wrongIssuer.Issuer = "evil"

		bearer := func(name, token string) caller { return caller{name: name, token: token} }
		path := base + "/linkedinSettings"
		runBad(t, []badRequest{
			{"no token", caller{name: "anonymous"}, "GET", path, nil, unauthenticated},
			{"garbage token", bearer("garbage", "not-a-jwt"), "GET", path, nil, unauthenticated},
			{"expired token", bearer("expired", signToken(t, sut.devKey, expired)), "GET", path, nil, unauthenticated},
			{"token signed by another key", bearer("forged", signToken(t, stranger, validClaims(ten.ID, "admin", roleTenantAdmin))), "GET", path, nil, unauthenticated},
			{"token for another audience", bearer("wrong audience", signToken(t, sut.devKey, wrongAudience)), "GET", path, nil, unauthenticated},
			{"token from another issuer", bearer("wrong issuer", signToken(t, sut.devKey, wrongIssuer)), "GET", path, nil, unauthenticated},
			{"user token claiming the Service role", bearer("self-made service", signToken(t, sut.devKey, validClaims(ten.ID, "admin", "Service"))), "GET", path, nil, unauthenticated},
		})
		// A token that is fine in every way passes, so the cases above
		// failed for the reason they name.
		bearer("valid", signToken(t, sut.devKey, validClaims(ten.ID, "admin", roleTenantAdmin))).ok(t, "GET", path, nil, nil)
	})

	t.Run("wrong role", func(t *testing.T) {
		u1 := as(t, ten.ID, "u1", roleUser)
		runBad(t, []badRequest{
			{"plain user changes settings", u1, "PATCH", base + "/linkedinSettings", map[string]any{"mode": "DISABLED"}, roleRequired},
			{"plain user creates a user", u1, "POST", base + "/users",
				map[string]any{"id": "x1", "email": "x@example.com", "displayName": "X"}, roleRequired},
			{"plain user asks about another user", u1, "POST", base + "/users/u2:checkAccess",
				map[string]any{"capability": "ACCOUNT_CONNECTION"}, roleRequired},
			{"tenant admin creates a tenant", admin, "POST", "/v1/tenants",
				map[string]any{"id": "not-allowed", "displayName": "X", "cloud": "PUBLIC", "dataLocation": "US"}, roleRequired},
		})
	})

	t.Run("another tenant", func(t *testing.T) {
		// Another tenant's resources are not forbidden but invisible.
		contoso := as(t, "contoso", "admin", roleTenantAdmin)
		runBad(t, []badRequest{
			{"its tenant", contoso, "GET", base, nil, notFound},
			{"its user", contoso, "GET", base + "/users/u1", nil, notFound},
			{"its settings", contoso, "PATCH", base + "/linkedinSettings", map[string]any{"mode": "DISABLED"}, notFound},
			{"its user's access", contoso, "POST", base + "/users/u1:checkAccess", map[string]any{"capability": "ACCOUNT_CONNECTION"}, notFound},
			{"its user deleted", contoso, "DELETE", base + "/users/u1", nil, notFound},
		})
	})
}
