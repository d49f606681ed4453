package ctl

import (
	"context"
	"strings"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

var clientPolicyColumns = []column[*policyv1.ClientPolicy]{
	{"SETTING", func(p *policyv1.ClientPolicy) string { return enum(p.Setting) }},
	{"GROUP OVERRIDES", func(p *policyv1.ClientPolicy) string {
		var o []string
		for _, g := range p.GroupOverrides {
			o = append(o, g.Group+"="+enum(g.Setting))
		}
		return strings.Join(o, ", ")
	}},
	{"ETAG", (*policyv1.ClientPolicy).GetEtag},
	{"UPDATED BY", (*policyv1.ClientPolicy).GetUpdateActor},
	{"UPDATED", func(p *policyv1.ClientPolicy) string { return when(p.UpdateTime) }},
}

func clientPolicyCommand(s *session) *cobra.Command {
	c := &cobra.Command{
		Use:   "client-policy",
		Short: "The Office apps policy: whether apps show LinkedIn features, per tenant and per group",
	}
	c.AddCommand(&cobra.Command{
		Use:     "get",
		Short:   "Show the client policy",
		Example: "  liaisonctl client-policy get",
		Args:    args(cobra.NoArgs),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, _ []string) error {
			resp, err := p.GetClientPolicy(ctx, &policyv1.GetClientPolicyRequest{Tenant: tenant})
			if err != nil {
				return err
			}
			return show(s, resp.Policy, []*policyv1.ClientPolicy{resp.Policy}, clientPolicyColumns)
		}),
	})
	var set struct {
		setting, etag string
		overrides     []string
	}
	var setCmd *cobra.Command
	setCmd = &cobra.Command{
		Use:   "set [--setting SETTING] [--override GROUP=SETTING]...",
		Short: "Change the client policy; --override replaces every group override (--override '' clears them)",
		Example: `  liaisonctl client-policy set --setting DISABLED
  liaisonctl client-policy set --override pilot=ENABLED --override contractors=DISABLED`,
		Args: args(cobra.NoArgs),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, _ []string) error {
			setting, err := parseEnum[policyv1.ClientPolicy_Setting]("--setting", set.setting, policyv1.ClientPolicy_Setting_value, "")
			if err != nil {
				return err
			}
			policy := &policyv1.ClientPolicy{Setting: setting, Etag: set.etag}
			var paths []string
			if setCmd.Flags().Changed("setting") {
				paths = append(paths, "setting")
			}
			if setCmd.Flags().Changed("override") {
				paths = append(paths, "group_overrides")
				for _, o := range set.overrides {
					if o == "" {
						continue
					}
					group, value, ok := strings.Cut(o, "=")
					if !ok {
						return usageErrorf("--override %q: want GROUP=SETTING, e.g. pilot=ENABLED", o)
					}
					v, err := parseEnum[policyv1.ClientPolicy_Setting]("--override", value, policyv1.ClientPolicy_Setting_value, "")
					if err != nil {
						return err
					}
					policy.GroupOverrides = append(policy.GroupOverrides, &policyv1.ClientPolicy_GroupOverride{Group: group, Setting: v})
				}
			}
			if len(paths) == 0 {
				return usageErrorf("nothing to change: give --setting or --override")
			}
			if set.etag != "" {
				paths = append(paths, "etag")
			}
			resp, err := p.UpdateClientPolicy(ctx, &policyv1.UpdateClientPolicyRequest{Tenant: tenant, Policy: policy, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}})
			if err != nil {
				return err
			}
			return show(s, resp.Policy, []*policyv1.ClientPolicy{resp.Policy}, clientPolicyColumns)
		}),
	}
	setCmd.Flags().StringVar(&set.setting, "setting", "", "NOT_CONFIGURED, ENABLED or DISABLED")
	setCmd.Flags().StringArrayVar(&set.overrides, "override", nil, "GROUP=SETTING; repeat for more")
	setCmd.Flags().StringVar(&set.etag, "etag", "", "change only if the policy's etag is still this")
	c.AddCommand(setCmd)
	return c
}
