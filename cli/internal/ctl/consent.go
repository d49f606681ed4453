package ctl

import (
	"context"
	"encoding/csv"
	"fmt"
	"github.com/liaisonhq/liaison/cli/internal/pages"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/types/known/timestamppb"
)

var connectionColumns = []column[*consentv1.Connection]{
	{"USER", (*consentv1.Connection).GetUser},
	{"MEMBER", (*consentv1.Connection).GetMemberId},
	{"DIRECTION", func(c *consentv1.Connection) string { return enum(c.Direction) }},
	{"CONNECTED", func(c *consentv1.Connection) string { return when(c.ConnectTime) }},
	{"UPDATED", func(c *consentv1.Connection) string { return when(c.UpdateTime) }},
}

var consentEventColumns = []column[*consentv1.ConsentEvent]{
	{"REVISION", func(e *consentv1.ConsentEvent) string { return fmt.Sprint(e.Revision) }},
	{"TIME", func(e *consentv1.ConsentEvent) string { return when(e.Time) }},
	{"USER", (*consentv1.ConsentEvent).GetUser},
	{"KIND", func(e *consentv1.ConsentEvent) string { return enum(e.Kind) }},
	{"REASON", func(e *consentv1.ConsentEvent) string { return enum(e.Reason) }},
	{"DIRECTION", func(e *consentv1.ConsentEvent) string { return enum(e.Direction) }},
	{"ACTOR", (*consentv1.ConsentEvent).GetActor},
}

// reportCSVHeader names the report's CSV columns as the gateway's download
// does (GET .../linkedinConnections?format=csv), spelt like the JSON fields.
var reportCSVHeader = []string{"user", "memberId", "direction", "connectTime", "updateTime"}

func consentCommand(s *session) *cobra.Command {
	c := &cobra.Command{Use: "consent", Short: "Who connected LinkedIn, and the consent ledger"}
	var asCSV bool
	reportCmd := &cobra.Command{
		Use:   "report",
		Short: "The consent report: the users connected, with totals by direction",
		Example: `  liaisonctl consent report
  liaisonctl consent report --csv > connections.csv`,
		Args: args(cobra.NoArgs),
		RunE: runConsent(s, func(ctx context.Context, tenant string, cs consentv1.ConsentServiceClient, _ []string) error {
			var totals *consentv1.ListConnectionsResponse
			connections, err := pages.All(0, func(token string) ([]*consentv1.Connection, string, error) {
				resp, err := cs.ListConnections(ctx, &consentv1.ListConnectionsRequest{Tenant: tenant, PageSize: 1000, PageToken: token})
				if totals == nil {
					totals = resp
				}
				return resp.GetConnections(), resp.GetNextPageToken(), err
			})
			if err != nil {
				return err
			}
			if asCSV {
				return writeReportCSV(s, connections)
			}
			whole := &consentv1.ListConnectionsResponse{
				Connections: connections, TotalConnected: totals.GetTotalConnected(),
				Bidirectional: totals.GetBidirectional(), LinkedinToOrganization: totals.GetLinkedinToOrganization(),
			}
			if err := show(s, whole, connections, connectionColumns); err != nil {
				return err
			}
			if s.flags.output == "table" {
				s.say("\n%d connected: %d both ways, %d LinkedIn to organization only", whole.TotalConnected, whole.Bidirectional, whole.LinkedinToOrganization)
			}
			return nil
		}),
	}
	reportCmd.Flags().BoolVar(&asCSV, "csv", false, "write the report as CSV (the same columns as the console's download)")
	c.AddCommand(reportCmd)

	var limit int
	eventsCmd := &cobra.Command{
		Use:     "events",
		Short:   "The consent ledger: every grant, change and withdrawal, newest first",
		Example: "  liaisonctl consent events --limit 10",
		Args:    args(cobra.NoArgs),
		RunE: runConsent(s, func(ctx context.Context, tenant string, cs consentv1.ConsentServiceClient, _ []string) error {
			events, err := pages.All(limit, func(token string) ([]*consentv1.ConsentEvent, string, error) {
				resp, err := cs.ListConsentEvents(ctx, &consentv1.ListConsentEventsRequest{Tenant: tenant, PageSize: pageSize, PageToken: token})
				return resp.GetEvents(), resp.GetNextPageToken(), err
			})
			if err != nil {
				return err
			}
			return show(s, &consentv1.ListConsentEventsResponse{Events: events}, events, consentEventColumns)
		}),
	}
	eventsCmd.Flags().IntVar(&limit, "limit", 50, "at most this many events (0: all)")
	c.AddCommand(eventsCmd)
	return c
}

// writeReportCSV writes the connections as the gateway's CSV download does.
func writeReportCSV(s *session, connections []*consentv1.Connection) error {
	w := csv.NewWriter(s.out)
	_ = w.Write(reportCSVHeader)
	for _, c := range connections {
		_ = w.Write([]string{c.GetUser(), c.GetMemberId(), c.GetDirection().String(), csvTime(c.GetConnectTime()), csvTime(c.GetUpdateTime())})
	}
	w.Flush()
	return w.Error()
}

// csvTime is RFC 3339 in UTC to the second, which spreadsheets read.
func csvTime(ts *timestamppb.Timestamp) string {
	if ts == nil {
		return ""
	}
	return ts.AsTime().UTC().Format(time.RFC3339)
}
