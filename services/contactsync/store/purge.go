package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// Withdrawal is a user's loss of eligibility.
type Withdrawal struct {
	Tenant, User string
	Trigger      contactsyncv1.PurgeJob_Trigger
	Reason       contactsyncv1.SyncStatus_Reason
	Direction    typev1.ConsentDirection
}

// Withdraw takes a mailbox's eligibility away at once, inside the caller's
// transaction: the LinkedIn folder and the feed position are gone for
// readers from this commit on, and the synced contacts are left to a purge
// job, which it records and returns (nil when there was nothing to purge
// and the mailbox was not eligible); a run asked for is void, and a run in
// progress loses its hold, so the next page it applies fails CheckHold
// instead of bringing the folder back with contacts the purge would leave.
// The caller queues the job's work in the same transaction.
func (t Tx) Withdraw(ctx context.Context, w Withdrawal, now time.Time) (*contactsyncv1.PurgeJob, error) {
	if err := t.EnsureMailbox(ctx, w.Tenant, w.User); err != nil {
		return nil, err
	}
	m, err := t.Mailbox(ctx, w.Tenant, w.User)
	if err != nil {
		return nil, err
	}
	total, err := t.CountContacts(ctx, View{Tenant: w.Tenant, User: w.User, Folder: LinkedInFolder, Since: m.LinkedInHorizon})
	if err != nil {
		return nil, err
	}
	_, err = t.Exec(ctx, `UPDATE mailboxes SET eligible = ?, reason = ?, direction = ?, linkedin_folder = ?,
		sync_token = '', page_token = '', listing_full = ?, listing_after = '', state = ?, sync_requested = ?,
		holder = '', hold_until = 0, run_added = 0, run_updated = 0, run_deleted = 0, linkedin_horizon = seq, next_run = 0
		WHERE tenant = ? AND user_id = ?`,
		false, int32(w.Reason), int32(w.Direction), false, false, int32(contactsyncv1.SyncStatus_NOT_ELIGIBLE), false, w.Tenant, w.User)
	if err != nil || (!m.Eligible && total == 0) {
		return nil, err
	}
	job := &contactsyncv1.PurgeJob{
		Tenant: w.Tenant, User: w.User, State: contactsyncv1.PurgeJob_QUEUED, Trigger: w.Trigger, Reason: w.Reason,
		Total: total, CreateTime: timestamp(now),
	}
	var id int64
	err = t.QueryRow(ctx, `INSERT INTO purge_jobs (tenant, user_id, state, trigger_kind, reason, up_to_seq, total, create_time)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		w.Tenant, w.User, int32(job.State), int32(w.Trigger), int32(w.Reason), m.Seq, total, micros(now)).Scan(&id)
	job.Id = strconv.FormatInt(id, 10)
	return job, err
}

const purgeColumns = `id, tenant, user_id, state, trigger_kind, reason, deleted, total, create_time, start_time, end_time, error`

func scanPurge(row sqlstore.Scanner) (*contactsyncv1.PurgeJob, error) {
	j := &contactsyncv1.PurgeJob{}
	var id, created, started, ended int64
	err := row.Scan(&id, &j.Tenant, &j.User, &j.State, &j.Trigger, &j.Reason, &j.Deleted, &j.Total,
		&created, &started, &ended, &j.Error)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	j.Id = strconv.FormatInt(id, 10)
	j.CreateTime, j.StartTime, j.EndTime = timestamp(fromMicros(created)), timestamp(fromMicros(started)), timestamp(fromMicros(ended))
	return j, nil
}

// PurgeJob reads one of a tenant's purge jobs.
func (q queries) PurgeJob(ctx context.Context, tenant string, id int64) (*contactsyncv1.PurgeJob, error) {
	return scanPurge(q.QueryRow(ctx, `SELECT `+purgeColumns+` FROM purge_jobs WHERE tenant = ? AND id = ?`, tenant, id))
}

// PurgeJobs lists a tenant's purge jobs newest first, below an id (0 for
// the newest); with user set, that user's only.
func (q queries) PurgeJobs(ctx context.Context, tenant, user string, before int64, limit int) ([]*contactsyncv1.PurgeJob, error) {
	rows, err := q.Query(ctx, `SELECT `+purgeColumns+` FROM purge_jobs WHERE tenant = ? AND (? = '' OR user_id = ?)
		AND (CAST(? AS BIGINT) = 0 OR id < ?) ORDER BY id DESC LIMIT ?`, tenant, user, user, before, before, limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanPurge)
}

// PurgeBatch deletes up to limit of the job's contacts, counts them on the
// job (starting it on the first batch), and says how many it deleted; none
// means the purge is done, which it records.
func (t Tx) PurgeBatch(ctx context.Context, id int64, limit int, now time.Time) (int64, error) {
	var tenant, user string
	var upTo int64
	var state contactsyncv1.PurgeJob_State
	err := t.QueryRow(ctx, `SELECT tenant, user_id, up_to_seq, state FROM purge_jobs WHERE id = ?`, id).Scan(&tenant, &user, &upTo, &state)
	if errors.Is(err, sql.ErrNoRows) || state == contactsyncv1.PurgeJob_DONE {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	res, err := t.Exec(ctx, `DELETE FROM contacts WHERE tenant = ? AND user_id = ? AND folder = ? AND id IN (
		SELECT id FROM contacts WHERE tenant = ? AND user_id = ? AND folder = ? AND seq <= ? LIMIT ?)`,
		tenant, user, LinkedInFolder, tenant, user, LinkedInFolder, upTo, limit)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if n > 0 {
		_, err = t.Exec(ctx, `UPDATE purge_jobs SET state = ?, deleted = deleted + ?,
			start_time = CASE WHEN start_time = 0 THEN ? ELSE start_time END WHERE id = ?`,
			int32(contactsyncv1.PurgeJob_RUNNING), n, micros(now), id)
		return n, err
	}
	// The folder's sync tombstones go too: the delta's horizon already
	// hides them.
	if _, err := t.Exec(ctx, `DELETE FROM contact_tombstones WHERE tenant = ? AND user_id = ? AND folder = ? AND seq <= ?`,
		tenant, user, LinkedInFolder, upTo); err != nil {
		return 0, err
	}
	_, err = t.Exec(ctx, `UPDATE purge_jobs SET state = ?, end_time = ?,
		start_time = CASE WHEN start_time = 0 THEN ? ELSE start_time END WHERE id = ?`,
		int32(contactsyncv1.PurgeJob_DONE), micros(now), micros(now), id)
	return 0, err
}

// FailPurge records that a purge gave up.
func (t Tx) FailPurge(ctx context.Context, id int64, why string, now time.Time) error {
	_, err := t.Exec(ctx, `UPDATE purge_jobs SET state = ?, error = ?, end_time = ? WHERE id = ? AND state <> ?`,
		int32(contactsyncv1.PurgeJob_FAILED), why, micros(now), id, int32(contactsyncv1.PurgeJob_DONE))
	return err
}
