package ctl

import (
	"context"
	"fmt"
	"github.com/liaisonhq/liaison/cli/internal/pages"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/spf13/cobra"
)

var auditColumns = []column[*policyv1.AuditEvent]{
	{"REVISION", func(e *policyv1.AuditEvent) string { return fmt.Sprint(e.Revision) }},
	{"TIME", func(e *policyv1.AuditEvent) string { return when(e.Time) }},
	{"ACTOR", (*policyv1.AuditEvent).GetActor},
	{"ACTION", (*policyv1.AuditEvent).GetAction},
	{"RESOURCE", (*policyv1.AuditEvent).GetResource},
	{"REQUEST ID", (*policyv1.AuditEvent).GetRequestId},
}

func auditCommand(s *session) *cobra.Command {
	var limit int
	c := &cobra.Command{
		Use:   "audit",
		Short: "The tenant's audit log, newest first (-o json or yaml for each change's before and after)",
		Example: `  liaisonctl audit --limit 20
  liaisonctl audit --limit 1 -o yaml`,
		Args: args(cobra.NoArgs),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, _ []string) error {
			events, err := pages.All(limit, func(token string) ([]*policyv1.AuditEvent, string, error) {
				resp, err := p.ListAuditEvents(ctx, &policyv1.ListAuditEventsRequest{Tenant: tenant, PageSize: auditPageSize, PageToken: token})
				return resp.GetEvents(), resp.GetNextPageToken(), err
			})
			if err != nil {
				return err
			}
			return show(s, &policyv1.ListAuditEventsResponse{Events: events}, events, auditColumns)
		}),
	}
	c.Flags().IntVar(&limit, "limit", 50, "at most this many entries (0: all)")
	return c
}
