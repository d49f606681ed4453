package policy

// Resource names as they appear in the change log and the audit log.

func tenantResource(tenant string) string { return "tenants/" + tenant }

func userResource(tenant, user string) string { return tenantResource(tenant) + "/users/" + user }

func groupResource(tenant, group string) string { return tenantResource(tenant) + "/groups/" + group }

func membersResource(tenant, group string) string { return groupResource(tenant, group) + "/members" }

func linkedInResource(tenant string) string { return tenantResource(tenant) + "/linkedinSettings" }

func clientPolicyResource(tenant string) string { return tenantResource(tenant) + "/clientPolicy" }

func mailboxPolicyResource(tenant, policy string) string {
	return tenantResource(tenant) + "/mailboxPolicies/" + policy
}
