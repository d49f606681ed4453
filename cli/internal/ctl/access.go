package ctl

import (
	"context"
	"fmt"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/spf13/cobra"
)

var accessColumns = []column[*policyv1.CheckAccessResponse]{
	{"ALLOWED", func(r *policyv1.CheckAccessResponse) string { return yesNo(r.Allowed) }},
	{"REASON", func(r *policyv1.CheckAccessResponse) string { return enum(r.Reason) }},
	{"MESSAGE", (*policyv1.CheckAccessResponse).GetMessage},
	{"REVISION", func(r *policyv1.CheckAccessResponse) string { return fmt.Sprint(r.Revision) }},
}

func accessCommand(s *session) *cobra.Command {
	var check struct{ capability, surface string }
	c := &cobra.Command{
		Use:   "check-access USER",
		Short: "May this user use this capability? The answer comes with its reason",
		Example: `  liaisonctl check-access alice
  liaisonctl check-access carol --capability CONTACT_SYNC --surface MOBILE`,
		Args: args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			capability, err := parseEnum[policyv1.Capability]("--capability", check.capability, policyv1.Capability_value, "")
			if err != nil {
				return err
			}
			surface, err := parseEnum[policyv1.Surface]("--surface", check.surface, policyv1.Surface_value, "")
			if err != nil {
				return err
			}
			resp, err := p.CheckAccess(ctx, &policyv1.CheckAccessRequest{Tenant: tenant, User: a[0], Capability: capability, Surface: surface})
			if err != nil {
				return err
			}
			return show(s, resp, []*policyv1.CheckAccessResponse{resp}, accessColumns)
		}),
	}
	c.Flags().StringVar(&check.capability, "capability", "ACCOUNT_CONNECTION", enumNames(policyv1.Capability_value, ""))
	c.Flags().StringVar(&check.surface, "surface", "WEB", enumNames(policyv1.Surface_value, ""))
	return c
}
