package ctl

import (
	"context"
	"fmt"
	"github.com/liaisonhq/liaison/cli/internal/pages"
	"time"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

var purgeJobColumns = []column[*contactsyncv1.PurgeJob]{
	{"ID", (*contactsyncv1.PurgeJob).GetId},
	{"USER", (*contactsyncv1.PurgeJob).GetUser},
	{"STATE", func(j *contactsyncv1.PurgeJob) string { return enum(j.State) }},
	{"TRIGGER", func(j *contactsyncv1.PurgeJob) string { return enum(j.Trigger) }},
	{"REASON", func(j *contactsyncv1.PurgeJob) string { return enum(j.Reason) }},
	{"DELETED", func(j *contactsyncv1.PurgeJob) string { return fmt.Sprintf("%d/%d", j.Deleted, j.Total) }},
	{"CREATED", func(j *contactsyncv1.PurgeJob) string { return when(j.CreateTime) }},
	{"ENDED", func(j *contactsyncv1.PurgeJob) string { return when(j.EndTime) }},
	{"ERROR", (*contactsyncv1.PurgeJob).GetError},
}

func purgeJobsCommand(s *session) *cobra.Command {
	c := &cobra.Command{
		Use:     "purge-jobs",
		Aliases: []string{"purge-job"},
		Short:   "Purges of synced LinkedIn contacts, when policy or consent no longer allows them",
	}
	var limit int
	listCmd := &cobra.Command{
		Use:     "list",
		Short:   "List purge jobs, newest first",
		Example: "  liaisonctl purge-jobs list --limit 10",
		Args:    args(cobra.NoArgs),
		RunE: runContactSync(s, func(ctx context.Context, tenant string, cs contactsyncv1.ContactSyncServiceClient, _ []string) error {
			jobs, err := pages.All(limit, func(token string) ([]*contactsyncv1.PurgeJob, string, error) {
				resp, err := cs.ListPurgeJobs(ctx, &contactsyncv1.ListPurgeJobsRequest{Tenant: tenant, PageSize: pageSize, PageToken: token})
				return resp.GetJobs(), resp.GetNextPageToken(), err
			})
			if err != nil {
				return err
			}
			return show(s, &contactsyncv1.ListPurgeJobsResponse{Jobs: jobs}, jobs, purgeJobColumns)
		}),
	}
	listCmd.Flags().IntVar(&limit, "limit", 50, "at most this many jobs (0: all)")
	c.AddCommand(listCmd)
	c.AddCommand(&cobra.Command{
		Use:     "get JOB",
		Short:   "Show a purge job",
		Example: "  liaisonctl purge-jobs get 8f14e45f",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runContactSync(s, func(ctx context.Context, tenant string, cs contactsyncv1.ContactSyncServiceClient, a []string) error {
			resp, err := cs.GetPurgeJob(ctx, &contactsyncv1.GetPurgeJobRequest{Tenant: tenant, Job: a[0]})
			if err != nil {
				return err
			}
			return show(s, resp.Job, []*contactsyncv1.PurgeJob{resp.Job}, purgeJobColumns)
		}),
	})
	var every time.Duration
	waitCmd := &cobra.Command{
		Use:   "wait JOB",
		Short: "Wait for a purge job to end, with a progress bar; fails when the job fails",
		Example: `  liaisonctl purge-jobs wait 8f14e45f
  liaisonctl purge-jobs wait 8f14e45f --timeout 10m`,
		Args:        args(cobra.ExactArgs(1)),
		Annotations: map[string]string{longRunning: "true"},
		RunE: runContactSync(s, func(ctx context.Context, tenant string, cs contactsyncv1.ContactSyncServiceClient, a []string) error {
			job, err := waitForPurge(ctx, s, func(ctx context.Context) (*contactsyncv1.PurgeJob, error) {
				resp, err := cs.GetPurgeJob(ctx, &contactsyncv1.GetPurgeJobRequest{Tenant: tenant, Job: a[0]})
				return resp.GetJob(), err
			}, every)
			if err != nil {
				return err
			}
			if err := show(s, job, []*contactsyncv1.PurgeJob{job}, purgeJobColumns); err != nil {
				return err
			}
			if job.State == contactsyncv1.PurgeJob_FAILED {
				return fmt.Errorf("purge job %s failed: %s", job.Id, job.Error)
			}
			return nil
		}),
	}
	waitCmd.Flags().DurationVar(&every, "poll", 500*time.Millisecond, "how often to ask for the job's progress")
	c.AddCommand(waitCmd)
	return c
}

// waitForPurge polls a job until it ends, drawing its progress on stderr
// when stderr is a terminal.
func waitForPurge(ctx context.Context, s *session, get func(context.Context) (*contactsyncv1.PurgeJob, error), every time.Duration) (*contactsyncv1.PurgeJob, error) {
	var bar *progressbar.ProgressBar
	defer func() {
		if bar != nil {
			_ = bar.Finish()
			fmt.Fprintln(s.errOut)
		}
	}()
	for {
		job, err := get(ctx)
		if err != nil {
			return nil, err
		}
		if s.interactive() {
			if bar == nil {
				bar = progressbar.NewOptions64(max(job.Total, 1),
					progressbar.OptionSetWriter(s.errOut),
					progressbar.OptionSetDescription("purging "+job.User+"'s contacts"),
					progressbar.OptionShowCount(),
					progressbar.OptionSetWidth(30),
					progressbar.OptionThrottle(100*time.Millisecond),
				)
			}
			bar.ChangeMax64(max(job.Total, 1))
			_ = bar.Set64(job.Deleted)
		}
		if job.State == contactsyncv1.PurgeJob_DONE || job.State == contactsyncv1.PurgeJob_FAILED {
			return job, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("purge job %s is still %s (%d of %d deleted): %w", job.Id, enum(job.State), job.Deleted, job.Total, ctx.Err())
		case <-time.After(every):
		}
	}
}
