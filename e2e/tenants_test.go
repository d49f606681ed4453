package e2e

import (
	"testing"
)

func TestTenants(t *testing.T) {
	t.Run("operator creates a tenant and reads it back", func(t *testing.T) {
		created, admin := newTenant(t, "US")
		if created.Cloud != "PUBLIC" || created.DataLocation != "US" || !created.LinkedinAvailable || created.CreateTime == "" {
			t.Errorf("created tenant = %+v, want PUBLIC, US, linkedinAvailable, a createTime", created)
		}
		var byOperator, byAdmin tenant
		operator(t).ok(t, "GET", tenantPath(created.ID), nil, &byOperator)
		admin.ok(t, "GET", tenantPath(created.ID), nil, &byAdmin)
		if byOperator != created || byAdmin != created {
			t.Errorf("GET answered %+v (operator) and %+v (its admin), want what POST answered: %+v", byOperator, byAdmin, created)
		}
	})

	t.Run("new tenant has a default mailbox policy and an unset client policy", func(t *testing.T) {
		created, admin := newTenant(t, "US")
		var policies mailboxPolicyList
		admin.ok(t, "GET", tenantPath(created.ID)+"/mailboxPolicies", nil, &policies)
		if len(policies.Policies) != 1 || policies.Policies[0].ID != "OwaMailboxPolicy-Default" || !policies.Policies[0].IsDefault {
			t.Errorf("mailbox policies = %+v, want just OwaMailboxPolicy-Default, the default", policies.Policies)
		}
		var client clientPolicy
		admin.ok(t, "GET", tenantPath(created.ID)+"/clientPolicy", nil, &client)
		if client.Setting != "NOT_CONFIGURED" || len(client.GroupOverrides) != 0 {
			t.Errorf("client policy = %+v, want NOT_CONFIGURED without overrides", client)
		}
	})

	t.Run("seeded gov tenant is in the US government cloud", func(t *testing.T) {
		var gov tenant
		operator(t).ok(t, "GET", tenantPath("gov"), nil, &gov)
		if gov.Cloud != "US_GOVERNMENT" || gov.LinkedinAvailable {
			t.Errorf("gov = %+v, want cloud US_GOVERNMENT and linkedinAvailable false", gov)
		}
	})
}
