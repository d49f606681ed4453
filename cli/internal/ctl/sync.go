package ctl

import (
	"context"
	"fmt"
	"github.com/liaisonhq/liaison/cli/internal/pages"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/spf13/cobra"
)

var syncStatusColumns = []column[*contactsyncv1.SyncStatus]{
	{"USER", (*contactsyncv1.SyncStatus).GetUser},
	{"STATE", func(st *contactsyncv1.SyncStatus) string { return enum(st.State) }},
	{"REASON", func(st *contactsyncv1.SyncStatus) string { return enum(st.Reason) }},
	{"CONTACTS", func(st *contactsyncv1.SyncStatus) string { return fmt.Sprint(st.ContactCount) }},
	{"LAST SUCCESS", func(st *contactsyncv1.SyncStatus) string { return when(st.LastSuccessTime) }},
	{"LAST ERROR", (*contactsyncv1.SyncStatus).GetLastError},
	{"NEXT RUN", func(st *contactsyncv1.SyncStatus) string { return when(st.NextRunTime) }},
}

func syncCommand(s *session) *cobra.Command {
	c := &cobra.Command{Use: "sync", Short: "LinkedIn contact sync: each user's state and why"}
	var limit int
	statusCmd := &cobra.Command{
		Use:   "status [USER]...",
		Short: "Contact sync by user: state, reason, contacts, last success",
		Example: `  liaisonctl sync status
  liaisonctl sync status alice -o json`,
		RunE: runContactSync(s, func(ctx context.Context, tenant string, cs contactsyncv1.ContactSyncServiceClient, users []string) error {
			want := map[string]bool{}
			for _, u := range users {
				want[u] = true
			}
			statuses, err := pages.All(limit, func(token string) ([]*contactsyncv1.SyncStatus, string, error) {
				resp, err := cs.ListContactSyncStatuses(ctx, &contactsyncv1.ListContactSyncStatusesRequest{Tenant: tenant, PageSize: pageSize, PageToken: token})
				var page []*contactsyncv1.SyncStatus
				for _, st := range resp.GetStatuses() {
					if len(want) == 0 || want[st.User] {
						page = append(page, st)
					}
				}
				return page, resp.GetNextPageToken(), err
			})
			if err != nil {
				return err
			}
			return show(s, &contactsyncv1.ListContactSyncStatusesResponse{Statuses: statuses}, statuses, syncStatusColumns)
		}),
	}
	statusCmd.Flags().IntVar(&limit, "limit", 0, "at most this many users (0: all)")
	c.AddCommand(statusCmd)
	return c
}
