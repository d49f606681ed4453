package ctl

import (
	"context"
	"strings"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/spf13/cobra"
)

var tenantColumns = []column[*policyv1.Tenant]{
	{"ID", (*policyv1.Tenant).GetId},
	{"NAME", (*policyv1.Tenant).GetDisplayName},
	{"CLOUD", func(t *policyv1.Tenant) string { return enum(t.Cloud) }},
	{"DATA LOCATION", (*policyv1.Tenant).GetDataLocation},
	{"LINKEDIN AVAILABLE", func(t *policyv1.Tenant) string { return yesNo(t.LinkedinAvailable) }},
	{"CREATED", func(t *policyv1.Tenant) string { return when(t.CreateTime) }},
}

func tenantsCommand(s *session) *cobra.Command {
	c := &cobra.Command{Use: "tenants", Aliases: []string{"tenant"}, Short: "Tenants (organizations)"}
	c.AddCommand(&cobra.Command{
		Use:     "get [TENANT]",
		Short:   "Show a tenant (the --tenant one when none is named)",
		Example: "  liaisonctl tenants get contoso",
		Args:    args(cobra.MaximumNArgs(1)),
		RunE: run(s, func(ctx context.Context, a []string) error {
			tenant, err := tenantArg(s, a)
			if err != nil {
				return err
			}
			p, err := s.policy()
			if err != nil {
				return err
			}
			resp, err := p.GetTenant(ctx, &policyv1.GetTenantRequest{Tenant: tenant})
			if err != nil {
				return err
			}
			return show(s, resp.Tenant, []*policyv1.Tenant{resp.Tenant}, tenantColumns)
		}),
	})
	var create struct{ name, cloud, location string }
	createCmd := &cobra.Command{
		Use:     "create TENANT --name NAME",
		Short:   "Create a tenant (operators only)",
		Example: "  liaisonctl tenants create fabrikam --name 'Fabrikam' --cloud PUBLIC --data-location EU",
		Args:    args(cobra.ExactArgs(1)),
		RunE: run(s, func(ctx context.Context, a []string) error {
			cloud, err := parseEnum[policyv1.Cloud]("--cloud", create.cloud, policyv1.Cloud_value, "")
			if err != nil {
				return err
			}
			p, err := s.policy()
			if err != nil {
				return err
			}
			resp, err := p.CreateTenant(ctx, &policyv1.CreateTenantRequest{Tenant: &policyv1.Tenant{
				Id: a[0], DisplayName: create.name, Cloud: cloud, DataLocation: create.location,
			}})
			if err != nil {
				return err
			}
			return show(s, resp.Tenant, []*policyv1.Tenant{resp.Tenant}, tenantColumns)
		}),
	}
	createCmd.Flags().StringVar(&create.name, "name", "", "display name")
	createCmd.Flags().StringVar(&create.cloud, "cloud", "PUBLIC", "cloud: "+enumNames(policyv1.Cloud_value, ""))
	createCmd.Flags().StringVar(&create.location, "data-location", "", "where the tenant's data lives, e.g. EU")
	c.AddCommand(createCmd)
	return c
}

// tenantArg is the tenant named as the argument, or the session's.
func tenantArg(s *session, a []string) (string, error) {
	if len(a) > 0 && strings.TrimSpace(a[0]) != "" {
		return a[0], nil
	}
	return s.tenant()
}
