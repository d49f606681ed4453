package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// Mailbox is one user's contact store and sync state.
type Mailbox struct {
	Tenant, User string
	// Eligible, with its reason, is the last judgement of policy and
	// consent; Direction is the consent's.
	Eligible  bool
	Reason    contactsyncv1.SyncStatus_Reason
	Direction typev1.ConsentDirection
	// LinkedInFolder says the "linkedin" folder exists and is served.
	LinkedInFolder bool
	// The feed position: see Position.
	Position Position
	// State is the run's; Run counts what the run in progress changed.
	State                             contactsyncv1.SyncStatus_State
	Run                               Counts
	Last                              Counts
	LastSuccess, LastAttempt, NextRun time.Time
	LastError                         string
	Seq, TrimmedSeq, LinkedInHorizon  int64
	ExportedSeq                       int64
}

// Position is where a mailbox's reading of the network's feed stands.
type Position struct {
	// SyncToken starts the next incremental listing; empty for a full one.
	SyncToken string
	// PageToken continues the listing in progress; Full says whether it is
	// a full listing, and After is the last member id applied from it.
	PageToken string
	Full      bool
	After     string
}

// Counts are the contacts a run added, updated and deleted.
type Counts struct{ Added, Updated, Deleted int64 }

// Status is the mailbox's sync status as the API shows it, with count the
// contacts of its LinkedIn folder.
func (m *Mailbox) Status(count int64) *contactsyncv1.SyncStatus {
	st := &contactsyncv1.SyncStatus{
		Tenant: m.Tenant, User: m.User, State: m.State, Reason: m.Reason,
		LastSuccessTime: timestamp(m.LastSuccess), LastAttemptTime: timestamp(m.LastAttempt),
		LastError: m.LastError, ContactCount: count,
		LastAdded: m.Last.Added, LastUpdated: m.Last.Updated, LastDeleted: m.Last.Deleted,
		NextRunTime: timestamp(m.NextRun),
	}
	if !m.Eligible {
		st.State, st.NextRunTime = contactsyncv1.SyncStatus_NOT_ELIGIBLE, nil
	}
	return st
}

const mailboxColumns = `tenant, user_id, eligible, reason, direction, linkedin_folder,
	sync_token, page_token, listing_full, listing_after, state,
	run_added, run_updated, run_deleted, last_added, last_updated, last_deleted,
	last_success, last_attempt, last_error, next_run, seq, trimmed_seq, linkedin_horizon, exported_seq`

func scanMailbox(row sqlstore.Scanner) (*Mailbox, error) {
	m := &Mailbox{}
	var success, attempt, next int64
	err := row.Scan(&m.Tenant, &m.User, &m.Eligible, &m.Reason, &m.Direction, &m.LinkedInFolder,
		&m.Position.SyncToken, &m.Position.PageToken, &m.Position.Full, &m.Position.After, &m.State,
		&m.Run.Added, &m.Run.Updated, &m.Run.Deleted, &m.Last.Added, &m.Last.Updated, &m.Last.Deleted,
		&success, &attempt, &m.LastError, &next, &m.Seq, &m.TrimmedSeq, &m.LinkedInHorizon, &m.ExportedSeq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	m.LastSuccess, m.LastAttempt, m.NextRun = fromMicros(success), fromMicros(attempt), fromMicros(next)
	return m, nil
}

// Mailbox reads one mailbox; ErrNotFound when it has none.
func (q queries) Mailbox(ctx context.Context, tenant, user string) (*Mailbox, error) {
	return scanMailbox(q.QueryRow(ctx, `SELECT `+mailboxColumns+` FROM mailboxes WHERE tenant = ? AND user_id = ?`, tenant, user))
}

// Mailboxes lists a tenant's mailboxes ordered by user, after a user id.
func (q queries) Mailboxes(ctx context.Context, tenant, after string, limit int) ([]*Mailbox, error) {
	rows, err := q.Query(ctx, `SELECT `+mailboxColumns+` FROM mailboxes WHERE tenant = ? AND user_id > ?
		ORDER BY user_id LIMIT ?`, tenant, after, limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanMailbox)
}

// ConsentedMailboxes lists the users of a tenant whose consent is known,
// ordered, after a user id: those whom a policy change may concern.
func (q queries) ConsentedMailboxes(ctx context.Context, tenant, after string, limit int) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT user_id FROM mailboxes WHERE tenant = ? AND direction <> 0 AND user_id > ?
		ORDER BY user_id LIMIT ?`, tenant, after, limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanString)
}

// Tenants lists the tenants that have mailboxes.
func (q queries) Tenants(ctx context.Context) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT DISTINCT tenant FROM mailboxes ORDER BY tenant`)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanString)
}

// DueMailboxes lists up to limit eligible mailboxes whose next run is due,
// the longest due first (then by tenant and user).
func (q queries) DueMailboxes(ctx context.Context, now time.Time, limit int) ([][2]string, error) {
	rows, err := q.Query(ctx, `SELECT tenant, user_id FROM mailboxes WHERE eligible = ? AND next_run <= ?
		ORDER BY next_run, tenant, user_id LIMIT ?`, true, micros(now), limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, func(r sqlstore.Scanner) ([2]string, error) {
		var k [2]string
		return k, r.Scan(&k[0], &k[1])
	})
}

func scanString(r sqlstore.Scanner) (string, error) {
	var s string
	return s, r.Scan(&s)
}

// EnsureMailbox creates the user's mailbox, not eligible, if it has none.
func (t Tx) EnsureMailbox(ctx context.Context, tenant, user string) error {
	_, err := t.Exec(ctx, `INSERT INTO mailboxes (tenant, user_id, reason) VALUES (?, ?, ?)
		ON CONFLICT (tenant, user_id) DO NOTHING`, tenant, user, int32(contactsyncv1.SyncStatus_NO_CONSENT))
	return err
}

// SetEligibility records a judgement that keeps (or gives) eligibility, or
// that keeps a mailbox not eligible; a loss of eligibility goes through
// Withdraw instead. It says whether the mailbox became eligible.
func (t Tx) SetEligibility(ctx context.Context, tenant, user string, eligible bool, reason contactsyncv1.SyncStatus_Reason,
	direction typev1.ConsentDirection, now time.Time) (gained bool, err error) {
	if err := t.EnsureMailbox(ctx, tenant, user); err != nil {
		return false, err
	}
	m, err := t.Mailbox(ctx, tenant, user)
	if err != nil {
		return false, err
	}
	gained = eligible && !m.Eligible
	state := m.State
	if gained {
		state = contactsyncv1.SyncStatus_QUEUED
	}
	// A new direction exports afresh: a narrowing had the network's copy
	// deleted.
	_, err = t.Exec(ctx, `UPDATE mailboxes SET eligible = ?, reason = ?, direction = ?, state = ?,
		next_run = CASE WHEN ? THEN ? ELSE next_run END,
		exported_seq = CASE WHEN direction <> ? THEN 0 ELSE exported_seq END WHERE tenant = ? AND user_id = ?`,
		eligible, int32(reason), int32(direction), int32(state), gained, micros(now), int32(direction), tenant, user)
	return gained, err
}

// RequestSync asks for a run of the mailbox and says whether this is the
// request that must queue one: not when one is asked for already, unless
// that request is older than stale (its job was lost).
func (t Tx) RequestSync(ctx context.Context, tenant, user string, now time.Time, stale time.Duration) (bool, error) {
	res, err := t.Exec(ctx, `UPDATE mailboxes SET sync_requested = ?, requested_at = ?,
		state = CASE WHEN state = ? THEN state ELSE ? END
		WHERE tenant = ? AND user_id = ? AND eligible = ? AND (sync_requested = ? OR requested_at < ?)`,
		true, micros(now), int32(contactsyncv1.SyncStatus_RUNNING), int32(contactsyncv1.SyncStatus_QUEUED),
		tenant, user, true, false, micros(now.Add(-stale)))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// StartRun marks the mailbox's run started: the request it answers is
// taken, so a request from now on asks for another run.
func (t Tx) StartRun(ctx context.Context, tenant, user string) error {
	_, err := t.Exec(ctx, `UPDATE mailboxes SET sync_requested = ?, state = ? WHERE tenant = ? AND user_id = ?`,
		false, int32(contactsyncv1.SyncStatus_RUNNING), tenant, user)
	return err
}

// SavePosition records where the feed's reading stands after a page, and
// adds the page's counts to the run's; the first page creates the
// "linkedin" folder.
func (t Tx) SavePosition(ctx context.Context, tenant, user string, p Position, page Counts) error {
	_, err := t.Exec(ctx, `UPDATE mailboxes SET sync_token = ?, page_token = ?, listing_full = ?, listing_after = ?,
		linkedin_folder = ?, run_added = run_added + ?, run_updated = run_updated + ?, run_deleted = run_deleted + ?
		WHERE tenant = ? AND user_id = ?`,
		p.SyncToken, p.PageToken, p.Full, p.After, true, page.Added, page.Updated, page.Deleted, tenant, user)
	return err
}

// FinishRun records a successful run: its counts become the last run's,
// and the next is due at next (a run asked for meanwhile stays QUEUED).
// (The states are cast: PostgreSQL would type a CASE of parameters alone
// as text, which the state column refuses.)
func (t Tx) FinishRun(ctx context.Context, tenant, user string, now, next time.Time) error {
	_, err := t.Exec(ctx, `UPDATE mailboxes SET state = CASE WHEN sync_requested = ? THEN CAST(? AS BIGINT) ELSE CAST(? AS BIGINT) END,
		last_added = run_added, last_updated = run_updated,
		last_deleted = run_deleted, run_added = 0, run_updated = 0, run_deleted = 0,
		last_success = ?, last_attempt = ?, last_error = '', next_run = ? WHERE tenant = ? AND user_id = ?`,
		true, int32(contactsyncv1.SyncStatus_QUEUED), int32(contactsyncv1.SyncStatus_IDLE), micros(now), micros(now), micros(next), tenant, user)
	return err
}

// FailRun records a failed run; the queue retries it.
func (t Tx) FailRun(ctx context.Context, tenant, user string, now time.Time, why string) error {
	_, err := t.Exec(ctx, `UPDATE mailboxes SET state = CASE WHEN eligible = ? THEN ? ELSE state END,
		last_attempt = ?, last_error = ? WHERE tenant = ? AND user_id = ?`,
		true, int32(contactsyncv1.SyncStatus_FAILED), micros(now), why, tenant, user)
	return err
}

// SetNextRun moves a mailbox's next periodic run.
func (t Tx) SetNextRun(ctx context.Context, tenant, user string, next time.Time) error {
	_, err := t.Exec(ctx, `UPDATE mailboxes SET next_run = ? WHERE tenant = ? AND user_id = ?`, micros(next), tenant, user)
	return err
}

// SetExportedSeq records the own folder's change number the network's copy
// reflects.
func (t Tx) SetExportedSeq(ctx context.Context, tenant, user string, seq int64) error {
	_, err := t.Exec(ctx, `UPDATE mailboxes SET exported_seq = ? WHERE tenant = ? AND user_id = ?`, seq, tenant, user)
	return err
}

// nextSeqs reserves n change numbers of a mailbox and returns the first.
func (t Tx) nextSeqs(ctx context.Context, tenant, user string, n int64) (int64, error) {
	var last int64
	err := t.QueryRow(ctx, `UPDATE mailboxes SET seq = seq + ? WHERE tenant = ? AND user_id = ? RETURNING seq`,
		n, tenant, user).Scan(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return last - n + 1, err
}
