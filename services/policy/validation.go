package policy

import (
	"fmt"

	"github.com/liaisonhq/liaison/platform/validate"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// Rules are the request checks the server runs before any handler. Every
// field a request carries is checked against its limits, whatever the
// update mask says: a field the mask leaves out is ignored, not unbounded.
func Rules() validate.Rules {
	r := validate.Rules{}
	validate.Add(r, func(req *policyv1.CreateTenantRequest, v *validate.Report) {
		t := req.GetTenant()
		v.TenantID("tenant.id", t.GetId())
		v.RequiredText("tenant.display_name", t.GetDisplayName(), maxDisplayName)
		validate.Enum(v, "tenant.cloud", t.GetCloud(), true)
		if v.Required("tenant.data_location", t.GetDataLocation()) {
			v.Pattern("tenant.data_location", t.GetDataLocation(), countryCode, countryCodeRule)
		}
	})
	validate.Add(r, func(req *policyv1.GetTenantRequest, v *validate.Report) { tenant(v, req.Tenant) })

	validate.Add(r, func(req *policyv1.CreateUserRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		v.ObjectID("user.id", req.GetUser().GetId())
		userFields(v, req.GetUser(), func(string) bool { return true })
		v.Text("user.etag", req.GetUser().GetEtag(), maxEtag)
	})
	validate.Add(r, func(req *policyv1.GetUserRequest, v *validate.Report) { tenantObject(v, req.Tenant, "user", req.User) })
	validate.Add(r, func(req *policyv1.ListUsersRequest, v *validate.Report) {
		v.TenantPage(req.Tenant, req.PageSize, req.PageToken, maxUserPage)
		v.Text("query", req.Query, maxQuery)
	})
	validate.Add(r, func(req *policyv1.SearchPeopleRequest, v *validate.Report) {
		v.RequiredText("query", req.Query, maxQuery)
		v.Check(req.Query == "" || wordCharacters(req.Query) >= 2, "query", "must hold at least 2 letters or digits")
		v.PageSize("page_size", req.PageSize, maxPeoplePage)
	})
	validate.Add(r, func(req *policyv1.UpdateUserRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "user.id", req.GetUser().GetId())
		paths := v.Mask(req.UpdateMask, "email", "display_name", "given_name", "surname", "job_title", "department",
			"office", "phones", "manager", "mailbox_policy", "etag")
		userFields(v, req.GetUser(), paths.Has)
		v.Text("user.etag", req.GetUser().GetEtag(), maxEtag)
	})
	validate.Add(r, func(req *policyv1.DeleteUserRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "user", req.User)
	})

	validate.Add(r, func(req *policyv1.ExportUserDataRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "user", req.User)
	})
	validate.Add(r, func(req *policyv1.EraseUserDataRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "user", req.User)
	})
	validate.Add(r, func(req *policyv1.GetErasureRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		v.ID("erasure", req.Erasure, erasureID, erasureIDRule)
	})

	validate.Add(r, func(req *policyv1.CreateGroupRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		g := req.GetGroup()
		v.ObjectID("group.id", g.GetId())
		v.RequiredText("group.display_name", g.GetDisplayName(), maxDisplayName)
		v.Text("group.description", g.GetDescription(), maxDescription)
		validate.Enum(v, "group.type", g.GetType(), true)
		v.Text("group.etag", g.GetEtag(), maxEtag)
	})
	validate.Add(r, func(req *policyv1.GetGroupRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "group", req.Group)
	})
	validate.Add(r, func(req *policyv1.ListGroupsRequest, v *validate.Report) {
		v.TenantPage(req.Tenant, req.PageSize, req.PageToken, maxGroupPage)
		v.Text("query", req.Query, maxQuery)
	})
	validate.Add(r, func(req *policyv1.DeleteGroupRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "group", req.Group)
		v.Text("etag", req.Etag, maxEtag)
	})
	validate.Add(r, func(req *policyv1.AddGroupMemberRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "group", req.Group)
		member(v, req.Member)
		v.Text("etag", req.Etag, maxEtag)
	})
	validate.Add(r, func(req *policyv1.RemoveGroupMemberRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "group", req.Group)
		v.Text("etag", req.Etag, maxEtag)
		member(v, req.Member)
	})

	validate.Add(r, func(req *policyv1.GetLinkedInSettingsRequest, v *validate.Report) { tenant(v, req.Tenant) })
	validate.Add(r, func(req *policyv1.UpdateLinkedInSettingsRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		s := req.GetSettings()
		settingsFields(v, "settings", s)
		paths := v.Mask(req.UpdateMask, "mode", "selected_group", "max_consent_direction", "etag")
		if paths.Has("mode") {
			validate.Enum(v, "settings.mode", s.GetMode(), true)
		}
		if paths.Has("max_consent_direction") {
			validate.Enum(v, "settings.max_consent_direction", s.GetMaxConsentDirection(), true)
		}
	})
	validate.Add(r, func(req *policyv1.PreviewLinkedInSettingsChangeRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		validate.Enum(v, "proposed.mode", req.GetProposed().GetMode(), true)
		settingsFields(v, "proposed", req.GetProposed())
	})

	validate.Add(r, func(req *policyv1.CreateMailboxPolicyRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		v.ID("policy.id", req.GetPolicy().GetId(), policyID, policyIDRule)
		versioned(v, "policy", req.GetPolicy())
	})
	validate.Add(r, func(req *policyv1.GetMailboxPolicyRequest, v *validate.Report) {
		tenantPolicy(v, req.Tenant, "policy", req.Policy)
	})
	validate.Add(r, func(req *policyv1.ListMailboxPoliciesRequest, v *validate.Report) {
		v.TenantPage(req.Tenant, req.PageSize, req.PageToken, maxMailboxPolicyPage)
	})
	validate.Add(r, func(req *policyv1.UpdateMailboxPolicyRequest, v *validate.Report) {
		tenantPolicy(v, req.Tenant, "policy.id", req.GetPolicy().GetId())
		versioned(v, "policy", req.GetPolicy())
		v.Mask(req.UpdateMask, "linkedin_contact_sync_enabled", "is_default", "etag")
	})
	validate.Add(r, func(req *policyv1.DeleteMailboxPolicyRequest, v *validate.Report) {
		tenantPolicy(v, req.Tenant, "policy", req.Policy)
		v.Text("etag", req.Etag, maxEtag)
	})

	validate.Add(r, func(req *policyv1.GetClientPolicyRequest, v *validate.Report) { tenant(v, req.Tenant) })
	validate.Add(r, func(req *policyv1.UpdateClientPolicyRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		clientPolicyFields(v, req.GetPolicy())
		if v.Mask(req.UpdateMask, "setting", "group_overrides", "etag").Has("setting") {
			validate.Enum(v, "policy.setting", req.GetPolicy().GetSetting(), true)
		}
	})

	validate.Add(r, func(req *policyv1.ListAuditEventsRequest, v *validate.Report) {
		v.TenantPage(req.Tenant, req.PageSize, req.PageToken, maxAuditPage)
	})

	validate.Add(r, func(req *policyv1.CheckAccessRequest, v *validate.Report) {
		tenantObject(v, req.Tenant, "user", req.User)
		validate.Enum(v, "capability", req.Capability, true)
		validate.Enum(v, "surface", req.Surface, false)
		v.Revision("min_revision", req.MinRevision)
	})
	validate.Add(r, func(req *policyv1.CheckMyAccessRequest, v *validate.Report) {
		validate.Enum(v, "capability", req.Capability, true)
		validate.Enum(v, "surface", req.Surface, false)
	})
	validate.Add(r, func(req *policyv1.BatchCheckAccessRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		v.Check(len(req.Users) > 0 && len(req.Users) <= maxBatchUsers, "users", fmt.Sprintf("must hold 1 to %d user ids", maxBatchUsers))
		if len(req.Users) <= maxBatchUsers {
			for i, u := range req.Users {
				v.ObjectID(fmt.Sprintf("users[%d]", i), u)
			}
		}
		validate.Enum(v, "capability", req.Capability, true)
		validate.Enum(v, "surface", req.Surface, false)
		v.Revision("min_revision", req.MinRevision)
	})
	validate.Add(r, func(*policyv1.GetHeadRevisionRequest, *validate.Report) {})
	validate.Add(r, func(req *policyv1.LookupUserRequest, v *validate.Report) {
		tenant(v, req.Tenant)
		lookupKey(v, req.User, req.Email)
	})
	validate.Add(r, func(req *policyv1.WatchRequest, v *validate.Report) {
		v.Revision("from_revision", req.FromRevision)
		v.OptionalTenantID("tenant", req.Tenant)
	})
	return r
}
