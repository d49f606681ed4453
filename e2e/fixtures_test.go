package e2e

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

// tenantCount numbers the tenants tests create, keeping ids unique.
var tenantCount atomic.Int64

// newTenant has the operator create a public-cloud tenant for one test, and
// returns it with a TenantAdmin of it. Each test that changes state works in
// its own tenant, so no test sees another's changes.
func newTenant(t *testing.T, dataLocation string) (tenant, caller) {
	t.Helper()
	id := fmt.Sprintf("t%d-%s", tenantCount.Add(1), slug(t.Name()))
	var created tenant
	operator(t).ok(t, "POST", "/v1/tenants", map[string]any{
		"id":           id,
		"displayName":  "Test tenant for " + t.Name(),
		"cloud":        "PUBLIC",
		"dataLocation": dataLocation,
	}, &created)
	return created, as(t, id, "admin", roleTenantAdmin)
}

// slug turns a test name into the tail of a tenant id: lowercase letters,
// digits and single hyphens, short enough for the 63-character limit.
func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case !strings.HasSuffix(b.String(), "-"):
			b.WriteRune('-')
		}
	}
	s := b.String()
	if len(s) > 40 {
		s = s[:40]
	}
	return strings.Trim(s, "-")
}

func tenantPath(tenant string) string { return "/v1/tenants/" + tenant }

// createUsers adds users with the given ids and just the required fields.
func createUsers(t *testing.T, admin caller, tenant string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		admin.ok(t, "POST", tenantPath(tenant)+"/users", map[string]any{
			"id":          id,
			"email":       id + "@" + tenant + ".example.com",
			"displayName": "User " + id,
		}, nil)
	}
}

// createGroup adds a security group whose direct members are members.
func createGroup(t *testing.T, admin caller, tenant, id string, members ...string) {
	t.Helper()
	admin.ok(t, "POST", tenantPath(tenant)+"/groups", map[string]any{
		"id": id, "displayName": "Group " + id, "type": "SECURITY",
	}, nil)
	for _, m := range members {
		addMember(t, admin, tenant, id, m)
	}
}

// addMember adds "users/{id}" or "groups/{id}" to a group and returns the
// group's direct members after the change.
func addMember(t *testing.T, admin caller, tenant, group, member string) []string {
	t.Helper()
	var out memberList
	admin.ok(t, "POST", tenantPath(tenant)+"/groups/"+group+"/members", map[string]any{"member": member}, &out)
	return out.Members
}

// checkAccess asks for one user's decision; surface "" leaves it unset.
func checkAccess(t *testing.T, c caller, tenant, user, capability, surface string) decision {
	t.Helper()
	body := map[string]any{"capability": capability}
	if surface != "" {
		body["surface"] = surface
	}
	var d decision
	c.ok(t, "POST", tenantPath(tenant)+"/users/"+user+":checkAccess", body, &d)
	return d
}

// wantReason fails unless d has the given reason, with allowed true exactly
// when the reason is ALLOWED.
func wantReason(t *testing.T, who string, d decision, reason string) {
	t.Helper()
	if d.Reason != reason || d.Allowed != (reason == "ALLOWED") {
		t.Errorf("%s: allowed=%v reason=%s (%q), want reason %s", who, d.Allowed, d.Reason, d.Message, reason)
	}
}

func getSettings(t *testing.T, admin caller, tenant string) linkedinSettings {
	t.Helper()
	var s linkedinSettings
	admin.ok(t, "GET", tenantPath(tenant)+"/linkedinSettings", nil, &s)
	return s
}

// patchSettings changes the LinkedIn settings fields in change.
func patchSettings(t *testing.T, admin caller, tenant string, change map[string]any) linkedinSettings {
	t.Helper()
	var s linkedinSettings
	admin.ok(t, "PATCH", tenantPath(tenant)+"/linkedinSettings", change, &s)
	return s
}
