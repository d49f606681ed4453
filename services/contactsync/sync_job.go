package contactsync

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"github.com/liaisonhq/liaison/services/linkedin"
	"github.com/riverqueue/river"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Time limits of one sync attempt: it works for at most runSlice, then goes
// on in a new attempt from the position it saved, so an attempt always ends
// well within the queue's time limit; the mailbox is held for holdTTL past
// each page.
const (
	runSlice = 10 * time.Second
	holdTTL  = 30 * time.Second
	// askTimeout bounds the questions to policy and consent before a run:
	// one that hangs fails the run in good time.
	askTimeout = 10 * time.Second
)

// syncWorker runs one mailbox's sync.
type syncWorker struct {
	river.WorkerDefaults[syncArgs]
	svc *Service
}

func (w *syncWorker) Work(ctx context.Context, job *river.Job[syncArgs]) error {
	err := w.svc.syncMailbox(ctx, w.svc.runHolder(job.ID), job.Args.Tenant, job.Args.User)
	if errors.Is(err, errSliceUsed) {
		return river.JobSnooze(0) // go on at once, in a new attempt
	}
	if errors.Is(err, store.ErrHeldElsewhere) {
		return river.JobSnooze(holdTTL / 3)
	}
	if paused, ok := errors.AsType[*tenantPaused](err); ok {
		return river.JobSnooze(paused.wait) // the network asked the tenant to wait
	}
	if err == nil {
		w.svc.measured.since(ctx, w.svc.measured.syncLag, job.CreatedAt)
	}
	return err
}

// tenantPaused stops a run whose tenant the network paused (429 with
// Retry-After) beyond the run's time slice: it goes on after the pause, in
// a new attempt, instead of running out of time waiting.
type tenantPaused struct{ wait time.Duration }

func (p *tenantPaused) Error() string { return fmt.Sprintf("the network asked to wait %s", p.wait) }

// errSliceUsed says a run stopped at its time slice, to go on.
var errSliceUsed = errors.New("the run used its time slice")

// runHolder is what a sync job holds its mailbox as: this process and the
// job, so the job's next attempt (after its time slice) holds it still,
// while another job of the same mailbox, here or on another replica, waits
// for it to end: two runs of one mailbox never overlap.
func (s *Service) runHolder(job int64) string { return s.holder + "/" + strconv.FormatInt(job, 10) }

// syncMailbox reads the network's feed from where the mailbox stands and
// applies it page by page, each page with the position after it in one
// transaction: a run cut off anywhere resumes from the last page applied,
// and applying a page twice changes nothing. holder is the run's (see
// runHolder).
func (s *Service) syncMailbox(ctx context.Context, holder, tenant, user string) error {
	m, err := s.store.Mailbox(ctx, tenant, user)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil || !m.Eligible {
		return err
	}
	if ok, err := s.stillEligible(ctx, m); err != nil || !ok {
		if err != nil {
			// Policy or consent cannot answer: the run fails visibly, and
			// the queue retries it.
			record := s.store.Write(context.WithoutCancel(ctx), func(tx store.Tx) error {
				return tx.FailRun(context.WithoutCancel(ctx), tenant, user, s.now(), describe(err))
			})
			return errors.Join(err, record)
		}
		return nil
	}
	held := false
	err = s.store.Write(ctx, func(tx store.Tx) error {
		// A run's later attempts (after its time slice) already hold the
		// mailbox: only a new run takes the request it answers.
		before, err := tx.Holder(ctx, tenant, user)
		if err != nil {
			return err
		}
		if held, err = tx.Hold(ctx, tenant, user, holder, holdTTL); err != nil || !held {
			return err
		}
		// The mailbox as the last run left it, read under the hold; a
		// withdrawal since the check above ends the run before it starts.
		if m, err = tx.Mailbox(ctx, tenant, user); err != nil {
			return err
		}
		if !m.Eligible {
			return tx.Release(ctx, tenant, user, holder)
		}
		if before == holder {
			return nil
		}
		return tx.StartRun(ctx, tenant, user)
	})
	if err != nil {
		return err
	}
	if !held {
		return store.ErrHeldElsewhere
	}
	if !m.Eligible {
		return nil
	}
	runErr := s.runFeed(ctx, holder, m)
	if runErr == nil {
		runErr = s.exportOwnContacts(ctx, m)
	}
	var paused *tenantPaused
	switch {
	case errors.Is(runErr, errSliceUsed), errors.As(runErr, &paused):
		return runErr // the hold is kept for the next attempt
	case errors.Is(runErr, store.ErrHeldElsewhere):
		// The hold was taken away (a withdrawal) or lapsed: the mailbox
		// is no longer this run's to record on.
		return runErr
	}
	// The run's end is recorded even when its time ran out, and only while
	// it still holds the mailbox: a run whose hold was taken (a
	// withdrawal, another replica after a lapse) records nothing.
	detached := context.WithoutCancel(ctx)
	now := s.now()
	record := s.store.Write(detached, func(tx store.Tx) error {
		if err := tx.CheckHold(detached, tenant, user, holder); err != nil {
			return err
		}
		if err := tx.Release(detached, tenant, user, holder); err != nil {
			return err
		}
		if runErr != nil {
			return tx.FailRun(detached, tenant, user, now, describe(runErr))
		}
		return tx.FinishRun(detached, tenant, user, now, s.nextRun(now))
	})
	if errors.Is(record, store.ErrHeldElsewhere) {
		record = nil
	}
	return errors.Join(runErr, record)
}

// stillEligible asks policy and consent again before a run, and withdraws
// a user who may no longer sync (the streams would tell soon; a run must
// not read the network meanwhile).
func (s *Service) stillEligible(ctx context.Context, m *store.Mailbox) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, askTimeout)
	defer cancel()
	consent, err := s.Consent.GetConsent(ctx, &consentv1.GetConsentRequest{Tenant: m.Tenant, User: m.User})
	if err != nil {
		return false, err
	}
	verdicts, err := s.askPolicy(ctx, m.Tenant, []string{m.User}, 0)
	if err != nil {
		return false, err
	}
	direction := consent.Direction
	if consent.State != consentv1.ConnectionState_CONNECTED {
		direction = typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED
	}
	j := judgement{user: m.User, direction: &direction, policy: verdicts[m.User]}
	if j.policy.allowed && direction == m.Direction {
		return true, nil
	}
	// A direction the consent stream has not delivered yet is recorded now:
	// the export after the run follows it (a narrowing stops it at once).
	err = s.store.Write(ctx, func(tx store.Tx) error {
		return s.apply(ctx, tx, m.Tenant, []judgement{j}, contactsyncv1.PurgeJob_SYNC_CHECK)
	})
	return err == nil && j.policy.allowed && direction != typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED, err
}

// runFeed reads and applies pages until the feed's last page, or the
// time slice ends (errSliceUsed).
func (s *Service) runFeed(ctx context.Context, holder string, m *store.Mailbox) error {
	token, _, err := s.providerToken(ctx, m.Tenant, m.User)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(runSlice)
	pos := m.Position
	view := store.View{Tenant: m.Tenant, User: m.User, Folder: store.LinkedInFolder, Since: m.LinkedInHorizon}
	refreshed := false
	for {
		if until := s.limits.pausedUntil(m.Tenant); until.After(deadline) {
			return &tenantPaused{wait: time.Until(until)}
		}
		if err := s.limits.wait(ctx, m.Tenant); err != nil {
			return err
		}
		page, err := s.Network.Connections(ctx, token, pos.SyncToken, pos.PageToken)
		var netErr *linkedin.Error
		switch {
		case errors.As(err, &netErr) && netErr.StatusCode == 429:
			// Too many calls: the whole tenant waits as asked, and this
			// run goes on after; throttling slows a tenant, never fails it.
			until := s.limits.pause(m.Tenant, netErr.RetryAfter)
			if until.After(deadline) {
				return &tenantPaused{wait: time.Until(until)}
			}
			continue
		case errors.Is(err, linkedin.ErrSyncTokenExpired):
			// Start over with a full listing, which converges: what it
			// does not list is deleted.
			s.Logger.InfoContext(ctx, "the network's sync token expired; listing in full", "tenant", m.Tenant, "user", m.User)
			pos = store.Position{}
			continue
		case errors.Is(err, linkedin.ErrUnauthorized) && !refreshed:
			refreshed = true
			if token, _, err = s.providerToken(ctx, m.Tenant, m.User); err != nil {
				return err
			}
			continue
		case err != nil:
			return err
		}
		next, err := s.applyPage(ctx, holder, view, pos, page)
		if err != nil {
			return err
		}
		pos = next
		if pos.PageToken == "" {
			return nil
		}
		if time.Now().After(deadline) {
			return errSliceUsed
		}
	}
}

// applyPage applies one page and the position after it, fenced by the
// run's hold of the mailbox.
func (s *Service) applyPage(ctx context.Context, holder string, view store.View, from store.Position, page *linkedin.FeedPage) (store.Position, error) {
	feed := store.FeedPage{Full: page.FullListing, Last: page.NextPageToken == ""}
	if page.NextPageToken == "" && page.SyncToken == "" {
		return from, errors.New("the network's last page carries no sync token")
	}
	now := s.now()
	for _, c := range page.Upserts {
		feed.Upserts = append(feed.Upserts, contactOfConnection(c, now))
	}
	for _, member := range page.Tombstones {
		feed.Deleted = append(feed.Deleted, syncedContactID(member))
	}
	next := store.Position{SyncToken: page.SyncToken}
	if !feed.Last {
		next = store.Position{SyncToken: from.SyncToken, PageToken: page.NextPageToken, Full: page.FullListing, After: from.After}
		if n := len(page.Upserts); page.FullListing && n > 0 {
			next.After = page.Upserts[n-1].MemberID
		}
	}
	if from.PageToken == "" {
		from.After = "" // a new listing starts from the beginning
	}
	var counts store.Counts
	err := s.store.Write(ctx, func(tx store.Tx) error {
		if err := tx.Renew(ctx, view.Tenant, view.User, holder, holdTTL); err != nil {
			return err
		}
		var err error
		counts, err = tx.ApplyPage(ctx, view, from, feed, next, now)
		return err
	})
	if err == nil {
		s.measured.contactsSynced(ctx, counts.Added, counts.Updated, counts.Deleted)
	}
	return next, err
}

// providerToken gets the user's access token from consent, which keeps it,
// with the direction consented to now; it is held in memory for one run
// only.
func (s *Service) providerToken(ctx context.Context, tenant, user string) (string, typev1.ConsentDirection, error) {
	resp, err := s.Consent.GetProviderToken(ctx, &consentv1.GetProviderTokenRequest{Tenant: tenant, User: user})
	if status.Code(err) == codes.FailedPrecondition {
		return "", 0, fmt.Errorf("consent has no LinkedIn token for the user: %w", err)
	}
	if err != nil {
		return "", 0, err
	}
	return resp.AccessToken, resp.Direction, nil
}

// describe is a failed run's error as the status shows it: never a secret
// (provider errors never hold tokens), and short.
func describe(err error) string {
	msg := err.Error()
	if st, ok := status.FromError(err); ok && st.Code() != codes.Unknown {
		msg = st.Message()
	}
	if len(msg) > maxErrorText {
		msg = cut(msg, maxErrorText) + "…"
	}
	return msg
}

// maxErrorText bounds the error a status shows.
const maxErrorText = 300
