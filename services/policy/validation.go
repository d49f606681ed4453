package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/liaisonhq/liaison/platform/paging"
	"github.com/liaisonhq/liaison/platform/validate"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// Identifier rules, with the words the errors use.
var (
	policyID      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	policyIDRule  = "1 to 64 letters, digits, dots, hyphens or underscores"
	countryCode   = regexp.MustCompile(`^[A-Z]{2}$`)
	maxTextLength = 256
	maxBatchUsers = 1000
)

// Rules are the request checks the server runs before any handler.
func Rules() validate.Rules {
	r := validate.Rules{}
	validate.Add(r, func(req *policyv1.CreateTenantRequest, v *validate.Report) {
		t := req.GetTenant()
		v.TenantID("tenant.id", t.GetId())
		v.Required("tenant.display_name", t.GetDisplayName())
		v.MaxLen("tenant.display_name", t.GetDisplayName(), maxTextLength)
		validate.Enum(v, "tenant.cloud", t.GetCloud(), true)
		if v.Required("tenant.data_location", t.GetDataLocation()) {
			v.Pattern("tenant.data_location", t.GetDataLocation(), countryCode, "an ISO 3166-1 alpha-2 country code in capitals, such as US or DE")
		}
	})
	validate.Add(r, func(req *policyv1.GetTenantRequest, v *validate.Report) { tenant(v, req.Tenant) })

	validate.Add(r, func(req *policyv1.CreateUserRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		v.ObjectID("user.id", req.GetUser().GetId())
		userFields(v, req.GetUser(), nil)
	})
	validate.Add(r, func(req *policyv1.GetUserRequest, v *validate.Report) { tenantObject(v, req.Tenant, "user", req.User) })
	validate.Add(r, func(req *policyv1.ListUsersRequest, v *validate.Report) { tenantPage(v, req.Tenant, req.PageSize) })
	validate.Add(r, func(req *policyv1.UpdateUserRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "user.id", req.GetUser().GetId())
		if mask(v, req.UpdateMask, "email", "display_name", "given_name", "surname", "job_title", "department",
			"office", "phones", "manager", "mailbox_policy") {
			userFields(v, req.GetUser(), maskPaths(req.UpdateMask))
		}
	})
	validate.Add(r, func(req *policyv1.DeleteUserRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "user", req.User)
	})

	validate.Add(r, func(req *policyv1.CreateGroupRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		g := req.GetGroup()
		v.ObjectID("group.id", g.GetId())
		v.Required("group.display_name", g.GetDisplayName())
		v.MaxLen("group.display_name", g.GetDisplayName(), maxTextLength)
		v.MaxLen("group.description", g.GetDescription(), 4*maxTextLength)
		validate.Enum(v, "group.type", g.GetType(), true)
	})
	validate.Add(r, func(req *policyv1.GetGroupRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "group", req.Group)
	})
	validate.Add(r, func(req *policyv1.ListGroupsRequest, v *validate.Report) { tenantPage(v, req.Tenant, req.PageSize) })
	validate.Add(r, func(req *policyv1.DeleteGroupRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "group", req.Group)
	})
	validate.Add(r, func(req *policyv1.AddGroupMemberRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "group", req.Group)
		member(v, req.Member)
	})
	validate.Add(r, func(req *policyv1.RemoveGroupMemberRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "group", req.Group)
		member(v, req.Member)
	})

	validate.Add(r, func(req *policyv1.GetLinkedInSettingsRequest, v *validate.Report) { tenant(v, req.Tenant) })
	validate.Add(r, func(req *policyv1.UpdateLinkedInSettingsRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		if !mask(v, req.UpdateMask, "mode", "selected_group", "max_consent_direction", "etag") {
			return
		}
		s, paths := req.GetSettings(), maskPaths(req.UpdateMask)
		if slices.Contains(paths, "mode") {
			validate.Enum(v, "settings.mode", s.GetMode(), true)
		}
		if slices.Contains(paths, "max_consent_direction") {
			validate.Enum(v, "settings.max_consent_direction", s.GetMaxConsentDirection(), true)
		}
		if slices.Contains(paths, "selected_group") {
			v.OptionalObjectID("settings.selected_group", s.GetSelectedGroup())
		}
	})
	validate.Add(r, func(req *policyv1.PreviewLinkedInSettingsChangeRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		validate.Enum(v, "proposed.mode", req.GetProposed().GetMode(), true)
		v.OptionalObjectID("proposed.selected_group", req.GetProposed().GetSelectedGroup())
	})

	validate.Add(r, func(req *policyv1.CreateMailboxPolicyRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		v.ID("policy.id", req.GetPolicy().GetId(), policyID, policyIDRule)
	})
	validate.Add(r, func(req *policyv1.GetMailboxPolicyRequest, v *validate.Report) {
		tenantPolicy(v, req.Tenant, "policy", req.Policy)
	})
	validate.Add(r, func(req *policyv1.ListMailboxPoliciesRequest, v *validate.Report) {
		tenantPage(v, req.Tenant, req.PageSize)
	})
	validate.Add(r, func(req *policyv1.UpdateMailboxPolicyRequest, v *validate.Report) {
		tenantPolicy(v, req.Tenant, "policy.id", req.GetPolicy().GetId())
		mask(v, req.UpdateMask, "linkedin_contact_sync_enabled", "is_default", "etag")
	})
	validate.Add(r, func(req *policyv1.DeleteMailboxPolicyRequest, v *validate.Report) {
		tenantPolicy(v, req.Tenant, "policy", req.Policy)
	})

	validate.Add(r, func(req *policyv1.GetClientPolicyRequest, v *validate.Report) { tenant(v, req.Tenant) })
	validate.Add(r, func(req *policyv1.UpdateClientPolicyRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		if !mask(v, req.UpdateMask, "setting", "group_overrides", "etag") {
			return
		}
		p, paths := req.GetPolicy(), maskPaths(req.UpdateMask)
		if slices.Contains(paths, "setting") {
			validate.Enum(v, "policy.setting", p.GetSetting(), true)
		}
		seen := map[string]bool{}
		for i, o := range p.GetGroupOverrides() {
			v.ObjectID(overrideField(i, "group"), o.GetGroup())
			v.Check(!seen[o.GetGroup()], overrideField(i, "group"), "must not repeat a group")
			seen[o.GetGroup()] = true
			v.Check(o.GetSetting() == policyv1.ClientPolicy_ENABLED || o.GetSetting() == policyv1.ClientPolicy_DISABLED,
				overrideField(i, "setting"), "must be ENABLED or DISABLED")
		}
	})

	validate.Add(r, func(req *policyv1.ListAuditEventsRequest, v *validate.Report) {
		tenantPage(v, req.Tenant, req.PageSize)
	})

	validate.Add(r, func(req *policyv1.CheckAccessRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "user", req.User)
		validate.Enum(v, "capability", req.Capability, true)
		validate.Enum(v, "surface", req.Surface, false)
	})
	validate.Add(r, func(req *policyv1.CheckMyAccessRequest, v *validate.Report) {
		validate.Enum(v, "capability", req.Capability, true)
		validate.Enum(v, "surface", req.Surface, false)
	})
	validate.Add(r, func(req *policyv1.BatchCheckAccessRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		v.Check(len(req.Users) > 0 && len(req.Users) <= maxBatchUsers, "users", fmt.Sprintf("must hold 1 to %d user ids", maxBatchUsers))
		for i, u := range req.Users {
			v.ObjectID(fmt.Sprintf("users[%d]", i), u)
		}
		validate.Enum(v, "capability", req.Capability, true)
		validate.Enum(v, "surface", req.Surface, false)
	})
	validate.Add(r, func(req *policyv1.WatchRequest, v *validate.Report) {
		v.Check(req.FromRevision >= 0, "from_revision", "must not be negative")
		v.OptionalTenantID("tenant", req.Tenant)
	})
	return r
}

func tenant(v *validate.Report, id string) { v.TenantID("tenant", id) }

func tenantObject(v *validate.Report, t, field, id string) {
	tenant(v, t)
	v.ObjectID(field, id)
}

func tenantPolicy(v *validate.Report, t, field, id string) {
	tenant(v, t)
	v.ID(field, id, policyID, policyIDRule)
}

func tenantPage(v *validate.Report, t string, size int32) {
	tenant(v, t)
	v.PageSize("page_size", size, paging.MaxSize)
}

func member(v *validate.Report, m string) {
	kind, id, ok := strings.Cut(m, "/")
	if !v.Required("member", m) {
		return
	}
	v.Check(ok && (kind == "users" || kind == "groups") && validate.IsObjectID(id), "member",
		`must be "users/{id}" or "groups/{id}" with an id of `+validate.ObjectIDRule)
}

func overrideField(i int, name string) string {
	return fmt.Sprintf("policy.group_overrides[%d].%s", i, name)
}

// mask checks an update mask names at least one field, each one of allowed.
func mask(v *validate.Report, m *fieldmaskpb.FieldMask, allowed ...string) bool {
	paths := maskPaths(m)
	if len(paths) == 0 {
		v.Add("update_mask", "must name at least one field to change")
		return false
	}
	ok := true
	for _, p := range paths {
		if !slices.Contains(allowed, p) {
			v.Add("update_mask", fmt.Sprintf("cannot change %q; allowed: %s", p, strings.Join(allowed, ", ")))
			ok = false
		}
	}
	return ok
}

// userFields checks a user's fields; with paths set, only those.
func userFields(v *validate.Report, u *policyv1.User, paths []string) {
	has := func(p string) bool { return paths == nil || slices.Contains(paths, p) }
	if has("email") && v.Required("user.email", u.GetEmail()) {
		v.Email("user.email", u.GetEmail())
	}
	if has("display_name") {
		v.Required("user.display_name", u.GetDisplayName())
	}
	for _, f := range []struct{ name, value string }{
		{"display_name", u.GetDisplayName()}, {"given_name", u.GetGivenName()}, {"surname", u.GetSurname()},
		{"job_title", u.GetJobTitle()}, {"department", u.GetDepartment()}, {"office", u.GetOffice()},
	} {
		if has(f.name) {
			v.MaxLen("user."+f.name, f.value, maxTextLength)
		}
	}
	if has("manager") {
		v.OptionalObjectID("user.manager", u.GetManager())
	}
	if has("mailbox_policy") {
		v.Pattern("user.mailbox_policy", u.GetMailboxPolicy(), policyID, policyIDRule)
	}
	if has("phones") {
		for i, p := range u.GetPhones() {
			field := fmt.Sprintf("user.phones[%d]", i)
			v.Check(p.GetNumber() != "" && len(p.GetNumber()) <= 32, field+".number", "is required, at most 32 characters")
			validate.Enum(v, field+".type", p.GetType(), false)
		}
	}
}
