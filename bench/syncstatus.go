package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
)

// The bench learns where the syncs stand as a tenant admin would: from the
// tenant's sync statuses through the gateway (GET /v1/tenants/{t}/contactSync).
// A round of syncs ends when the last one does, which the statuses' last
// success times say to the microsecond, so how often they are polled
// changes when the bench notices, not what it measures. A poll costs the
// service a count of each mailbox's contacts: polls are spaced by pollEvery
// and by ten times the last poll's duration, whichever is longer, so
// polling takes at most a tenth of the time.
const (
	pollEvery     = time.Second
	progressEvery = 10 * time.Second
)

// statuses lists every mailbox's sync status.
func (x *syncSession) statuses(ctx context.Context) ([]*contactsyncv1.SyncStatus, error) {
	var out []*contactsyncv1.SyncStatus
	for token := ""; ; {
		u := fmt.Sprintf("%s/v1/tenants/%s/contactSync?pageSize=1000", x.s.gatewayURL, syncTenant)
		if token != "" {
			u += "&pageToken=" + url.QueryEscape(token)
		}
		var page contactsyncv1.ListContactSyncStatusesResponse
		if err := gatewayJSON(ctx, x.c.http, http.MethodGet, u, x.admin, "", &page); err != nil {
			return nil, err
		}
		out = append(out, page.Statuses...)
		if token = page.NextPageToken; token == "" {
			return out, nil
		}
	}
}

// poll calls done with every status until it says the wait is over, the
// phase's time limit passes or ctx ends; what says how long it waited
// for, for the error.
func (x *syncSession) poll(ctx context.Context, what string, done func([]*contactsyncv1.SyncStatus) bool) error {
	deadline := time.Now().Add(x.timeout)
	for {
		began := time.Now()
		st, err := x.statuses(ctx)
		if err != nil {
			return err
		}
		if done(st) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: not done after %v", what, x.timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(max(pollEvery, 10*time.Since(began))):
		}
	}
}

// waitKnown waits until contact-sync has heard from consent of every
// connection, and judged each owner not eligible (contact sync is off).
func (x *syncSession) waitKnown(ctx context.Context) error {
	return x.poll(ctx, "waiting for contact-sync to learn of the connections", func(st []*contactsyncv1.SyncStatus) bool {
		n := 0
		for _, s := range st {
			if s.Reason == contactsyncv1.SyncStatus_DISABLED_BY_MAILBOX_POLICY {
				n++
			}
		}
		return n == len(x.boxes)
	})
}

// syncRound is a round of syncs of every mailbox, as the statuses tell it
// once all have succeeded.
type syncRound struct {
	// elapsed runs from the round's start to the last success.
	elapsed time.Duration
	last    time.Time
	// contacts are those of the LinkedIn folders; the last runs added,
	// updated and deleted the others, which is what they wrote.
	contacts                int64
	added, updated, deleted int64
	// wrong lists mailboxes that succeeded with other than the contacts
	// expected.
	wrong []string
}

func (r syncRound) written() int64 { return r.added + r.updated + r.deleted }

// waitSynced waits until every mailbox is IDLE after a run that succeeded
// since start, printing the progress now and then.
func (x *syncSession) waitSynced(ctx context.Context, start time.Time, what string) (syncRound, error) {
	var r syncRound
	nextProgress := start.Add(progressEvery)
	err := x.poll(ctx, what, func(st []*contactsyncv1.SyncStatus) bool {
		r = syncRound{}
		done, failed, lastError := 0, 0, ""
		for _, s := range st {
			r.contacts += s.ContactCount
			if s.State == contactsyncv1.SyncStatus_FAILED {
				failed, lastError = failed+1, s.LastError
			}
			success := s.LastSuccessTime.AsTime()
			if s.State != contactsyncv1.SyncStatus_IDLE || s.LastSuccessTime == nil || success.Before(start) {
				continue
			}
			done++
			r.added += s.LastAdded
			r.updated += s.LastUpdated
			r.deleted += s.LastDeleted
			if s.ContactCount != int64(x.size.connections) {
				r.wrong = append(r.wrong, fmt.Sprintf("%s: %d contacts", s.User, s.ContactCount))
			}
			if success.After(r.last) {
				r.last = success
			}
		}
		if time.Now().After(nextProgress) {
			nextProgress = nextProgress.Add(progressEvery)
			fmt.Printf("    %5.0fs: %d of %d mailboxes synced, %d contacts in their folders", time.Since(start).Seconds(), done, len(x.boxes), r.contacts)
			if failed > 0 {
				fmt.Printf("; %d FAILED (retried), e.g. %q", failed, lastError)
			}
			fmt.Println()
		}
		return done == len(x.boxes)
	})
	r.elapsed = r.last.Sub(start)
	return r, err
}
