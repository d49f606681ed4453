package ctl

import (
	"context"
	"github.com/liaisonhq/liaison/cli/internal/pages"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

var mailboxPolicyColumns = []column[*policyv1.MailboxPolicy]{
	{"ID", (*policyv1.MailboxPolicy).GetId},
	{"LINKEDIN CONTACT SYNC", func(p *policyv1.MailboxPolicy) string { return onOff(p.GetLinkedinContactSyncEnabled()) }},
	{"DEFAULT", func(p *policyv1.MailboxPolicy) string { return yesNo(p.IsDefault) }},
	{"ETAG", (*policyv1.MailboxPolicy).GetEtag},
	{"UPDATED BY", (*policyv1.MailboxPolicy).GetUpdateActor},
	{"UPDATED", func(p *policyv1.MailboxPolicy) string { return when(p.UpdateTime) }},
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func mailboxPoliciesCommand(s *session) *cobra.Command {
	c := &cobra.Command{
		Use:     "mailbox-policies",
		Aliases: []string{"mailbox-policy", "mbp"},
		Short:   "Mailbox policies: LinkedIn contact sync per mailbox, and which mailboxes they apply to",
	}
	c.AddCommand(&cobra.Command{
		Use:     "list",
		Short:   "List mailbox policies",
		Example: "  liaisonctl mailbox-policies list",
		Args:    args(cobra.NoArgs),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, _ []string) error {
			policies, err := pages.All(0, func(token string) ([]*policyv1.MailboxPolicy, string, error) {
				resp, err := p.ListMailboxPolicies(ctx, &policyv1.ListMailboxPoliciesRequest{Tenant: tenant, PageSize: pageSize, PageToken: token})
				return resp.GetPolicies(), resp.GetNextPageToken(), err
			})
			if err != nil {
				return err
			}
			return show(s, &policyv1.ListMailboxPoliciesResponse{Policies: policies}, policies, mailboxPolicyColumns)
		}),
	})
	c.AddCommand(&cobra.Command{
		Use:     "get POLICY",
		Short:   "Show a mailbox policy",
		Example: "  liaisonctl mailbox-policies get OwaMailboxPolicy-Default",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			resp, err := p.GetMailboxPolicy(ctx, &policyv1.GetMailboxPolicyRequest{Tenant: tenant, Policy: a[0]})
			if err != nil {
				return err
			}
			return show(s, resp.Policy, []*policyv1.MailboxPolicy{resp.Policy}, mailboxPolicyColumns)
		}),
	})

	var create struct {
		sync  bool
		deflt bool
	}
	createCmd := &cobra.Command{
		Use:     "create POLICY",
		Short:   "Create a mailbox policy",
		Example: "  liaisonctl mailbox-policies create Pilot-Policy --contact-sync=false",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			resp, err := p.CreateMailboxPolicy(ctx, &policyv1.CreateMailboxPolicyRequest{Tenant: tenant, Policy: &policyv1.MailboxPolicy{
				Id: a[0], LinkedinContactSyncEnabled: proto.Bool(create.sync), IsDefault: create.deflt,
			}})
			if err != nil {
				return err
			}
			return show(s, resp.Policy, []*policyv1.MailboxPolicy{resp.Policy}, mailboxPolicyColumns)
		}),
	}
	createCmd.Flags().BoolVar(&create.sync, "contact-sync", true, "LinkedIn contact sync for the policy's mailboxes")
	createCmd.Flags().BoolVar(&create.deflt, "default", false, "make it the tenant's default policy")
	c.AddCommand(createCmd)

	var update struct {
		sync, deflt bool
		etag        string
	}
	var updateCmd *cobra.Command
	updateCmd = &cobra.Command{
		Use:   "update POLICY [--contact-sync=true|false] [--default]",
		Short: "Change a mailbox policy; turning contact sync off purges its mailboxes' LinkedIn contacts",
		Example: `  liaisonctl mailbox-policies update OwaMailboxPolicy-Default --contact-sync=false
  liaisonctl mailbox-policies update Pilot-Policy --default --etag 31`,
		Args: args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			var paths []string
			policy := &policyv1.MailboxPolicy{Id: a[0], Etag: update.etag}
			if updateCmd.Flags().Changed("contact-sync") {
				policy.LinkedinContactSyncEnabled = proto.Bool(update.sync)
				paths = append(paths, "linkedin_contact_sync_enabled")
			}
			if updateCmd.Flags().Changed("default") {
				policy.IsDefault = update.deflt
				paths = append(paths, "is_default")
			}
			if len(paths) == 0 {
				return usageErrorf("nothing to change: give --contact-sync or --default")
			}
			if update.etag != "" {
				paths = append(paths, "etag")
			}
			resp, err := p.UpdateMailboxPolicy(ctx, &policyv1.UpdateMailboxPolicyRequest{Tenant: tenant, Policy: policy, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}})
			if err != nil {
				return err
			}
			return show(s, resp.Policy, []*policyv1.MailboxPolicy{resp.Policy}, mailboxPolicyColumns)
		}),
	}
	updateCmd.Flags().BoolVar(&update.sync, "contact-sync", true, "LinkedIn contact sync for the policy's mailboxes")
	updateCmd.Flags().BoolVar(&update.deflt, "default", false, "make it the tenant's default (another policy takes the default away from it)")
	updateCmd.Flags().StringVar(&update.etag, "etag", "", "change only if the policy's etag is still this")
	c.AddCommand(updateCmd)

	c.AddCommand(&cobra.Command{
		Use:     "delete POLICY",
		Short:   "Delete a mailbox policy other than the default; its mailboxes follow the default",
		Example: "  liaisonctl mailbox-policies delete Pilot-Policy",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			if _, err := p.DeleteMailboxPolicy(ctx, &policyv1.DeleteMailboxPolicyRequest{Tenant: tenant, Policy: a[0]}); err != nil {
				return err
			}
			s.say("mailbox policy %s deleted", a[0])
			return nil
		}),
	})
	c.AddCommand(&cobra.Command{
		Use:   "assign POLICY USER...",
		Short: "Apply a mailbox policy to users' mailboxes (POLICY \"\" or default: back to the tenant's default)",
		Example: `  liaisonctl mailbox-policies assign Pilot-Policy alice bob
  liaisonctl mailbox-policies assign default carol`,
		Args: args(cobra.MinimumNArgs(2)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			policy := a[0]
			if policy == "default" {
				policy = ""
			}
			var users []*policyv1.User
			for _, user := range a[1:] {
				resp, err := p.UpdateUser(ctx, &policyv1.UpdateUserRequest{
					Tenant: tenant, User: &policyv1.User{Id: user, MailboxPolicy: policy},
					UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mailbox_policy"}},
				})
				if err != nil {
					return err
				}
				users = append(users, resp.User)
			}
			return show(s, &policyv1.ListUsersResponse{Users: users}, users, userColumns)
		}),
	})
	return c
}
