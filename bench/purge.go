package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
)

// The purge: the tenant admin sets the tenant's LinkedIn setting to No
// through the gateway (PATCH /v1/tenants/{t}/linkedinSettings), which
// takes every user's eligibility away; contact-sync hears it from policy's
// change stream and queues a purge job per mailbox, whose deleted and total
// counts show the progress (GET /v1/tenants/{t}/purgeJobs), sampled here
// while it runs. The purge's time runs from the setting's change to the
// last job's end time.

// samplePurgeEvery spaces the progress lines printed while the purge runs.
const samplePurgeEvery = 5 * time.Second

// purgeSample is the purge jobs' progress at one moment.
type purgeSample struct {
	at             time.Duration
	jobs, finished int
	deleted, total int64
}

func (p purgeSample) String() string {
	return fmt.Sprintf("%5.1fs: %d jobs, %d done; %d of %d contacts deleted", p.at.Seconds(), p.jobs, p.finished, p.deleted, p.total)
}

// purgeResult is the whole purge: its time, its progress as printed, and
// the jobs that failed.
type purgeResult struct {
	elapsed time.Duration
	last    purgeSample
	samples []purgeSample
	failed  []string
}

func (r purgeResult) jobsPerSecond() float64 { return float64(r.last.jobs) / r.elapsed.Seconds() }

// purgeAll sets the tenant to No and waits for every mailbox's purge,
// printing its progress as it goes.
func (x *syncSession) purgeAll(ctx context.Context) (purgeResult, error) {
	var r purgeResult
	start := time.Now()
	err := gatewayJSON(ctx, x.c.http, http.MethodPatch, fmt.Sprintf("%s/v1/tenants/%s/linkedinSettings", x.s.gatewayURL, syncTenant),
		x.admin, `{"mode":"DISABLED"}`, nil)
	if err != nil {
		return r, err
	}
	deadline := start.Add(x.timeout)
	printed := time.Duration(-samplePurgeEvery)
	for {
		began := time.Now()
		jobs, err := x.purgeJobs(ctx)
		if err != nil {
			return r, err
		}
		s := purgeSample{at: time.Since(start), jobs: len(jobs)}
		var end time.Time
		r.failed = r.failed[:0]
		for _, j := range jobs {
			s.deleted += j.Deleted
			s.total += j.Total
			switch j.State {
			case contactsyncv1.PurgeJob_DONE:
				s.finished++
				if t := j.EndTime.AsTime(); t.After(end) {
					end = t
				}
			case contactsyncv1.PurgeJob_FAILED:
				s.finished++
				r.failed = append(r.failed, fmt.Sprintf("%s: %s", j.User, j.Error))
			}
		}
		r.last = s
		over := s.jobs == len(x.boxes) && s.finished == s.jobs
		if over || s.at-printed >= samplePurgeEvery {
			r.samples, printed = append(r.samples, s), s.at
			fmt.Println("    purge", s)
		}
		if over {
			r.elapsed = end.Sub(start)
			return r, nil
		}
		if time.Now().After(deadline) {
			return r, fmt.Errorf("purge: not done after %v", x.timeout)
		}
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-time.After(max(pollEvery, 10*time.Since(began))):
		}
	}
}

// purgeJobs lists the tenant's purge jobs.
func (x *syncSession) purgeJobs(ctx context.Context) ([]*contactsyncv1.PurgeJob, error) {
	var out []*contactsyncv1.PurgeJob
	for token := ""; ; {
		u := fmt.Sprintf("%s/v1/tenants/%s/purgeJobs?pageSize=1000", x.s.gatewayURL, syncTenant)
		if token != "" {
			u += "&pageToken=" + url.QueryEscape(token)
		}
		var page contactsyncv1.ListPurgeJobsResponse
		if err := gatewayJSON(ctx, x.c.http, http.MethodGet, u, x.admin, "", &page); err != nil {
			return nil, err
		}
		out = append(out, page.Jobs...)
		if token = page.NextPageToken; token == "" {
			return out, nil
		}
	}
}
