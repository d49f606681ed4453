package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

const contactColumns = `id, folder, source, given_name, surname, display_name, company, job_title,
	phones, emails, addresses, etag, create_time, update_time, seq`

// scanContact reads a contact row; its seq is returned beside it.
func scanContact(row sqlstore.Scanner) (*contactsyncv1.Contact, int64, error) {
	c := &contactsyncv1.Contact{}
	var phones, emails, addresses string
	var created, updated, seq int64
	err := row.Scan(&c.Id, &c.ParentFolderId, &c.SourceMemberId, &c.GivenName, &c.Surname, &c.DisplayName,
		&c.CompanyName, &c.JobTitle, &phones, &emails, &addresses, &c.Etag, &created, &updated, &seq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, ErrNotFound
	}
	if err != nil {
		return nil, 0, err
	}
	if err := decodeLists(c, phones, emails, addresses); err != nil {
		return nil, 0, err
	}
	c.CreateTime, c.UpdateTime = timestamp(fromMicros(created)), timestamp(fromMicros(updated))
	return c, seq, nil
}

func scanContactOnly(row sqlstore.Scanner) (*contactsyncv1.Contact, error) {
	c, _, err := scanContact(row)
	return c, err
}

func timestamp(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

// View is one folder of one mailbox as readers see it: in the LinkedIn
// folder, only contacts written after its last purge began (Since), as the
// purge may still be deleting the older ones.
type View struct {
	Tenant, User, Folder string
	Since                int64
}

// Contacts lists a folder's contacts ordered by id, after an id.
func (q queries) Contacts(ctx context.Context, v View, after string, limit int) ([]*contactsyncv1.Contact, error) {
	rows, err := q.Query(ctx, `SELECT `+contactColumns+` FROM contacts
		WHERE tenant = ? AND user_id = ? AND folder = ? AND seq > ? AND id > ? ORDER BY id LIMIT ?`,
		v.Tenant, v.User, v.Folder, v.Since, after, limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanContactOnly)
}

// Contact reads one contact.
func (q queries) Contact(ctx context.Context, v View, id string) (*contactsyncv1.Contact, error) {
	c, _, err := scanContact(q.QueryRow(ctx, `SELECT `+contactColumns+` FROM contacts
		WHERE tenant = ? AND user_id = ? AND folder = ? AND seq > ? AND id = ?`, v.Tenant, v.User, v.Folder, v.Since, id))
	return c, err
}

// CountContacts counts a folder's contacts.
func (q queries) CountContacts(ctx context.Context, v View) (int64, error) {
	var n int64
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM contacts WHERE tenant = ? AND user_id = ? AND folder = ? AND seq > ?`,
		v.Tenant, v.User, v.Folder, v.Since).Scan(&n)
	return n, err
}

// CountSynced counts the synced contacts of some users of a tenant that a
// purge would delete: those of folders still served.
func (q queries) CountSynced(ctx context.Context, tenant string, users []string) (int64, error) {
	if len(users) == 0 {
		return 0, nil
	}
	args := []any{tenant, LinkedInFolder, true}
	for _, u := range users {
		args = append(args, u)
	}
	var n int64
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM contacts c JOIN mailboxes m ON m.tenant = c.tenant AND m.user_id = c.user_id
		WHERE c.tenant = ? AND c.folder = ? AND m.linkedin_folder = ? AND c.seq > m.linkedin_horizon
		AND c.user_id IN (`+placeholders(len(users))+`)`,
		args...).Scan(&n)
	return n, err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// LinkedContacts maps normalised keys to the user's own contact holding
// them, for the keys asked (the first contact by id when several do).
func (q queries) LinkedContacts(ctx context.Context, tenant, user string, keys []string) (map[string]string, error) {
	out := map[string]string{}
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), 500)]
		keys = keys[len(chunk):]
		args := []any{tenant, user}
		for _, k := range chunk {
			args = append(args, k)
		}
		rows, err := q.Query(ctx, `SELECT match_key, MIN(contact_id) FROM own_contact_keys
			WHERE tenant = ? AND user_id = ? AND match_key IN (`+placeholders(len(chunk))+`) GROUP BY match_key`, args...)
		if err != nil {
			return nil, err
		}
		pairs, err := sqlstore.Collect(rows, func(r sqlstore.Scanner) ([2]string, error) {
			var p [2]string
			return p, r.Scan(&p[0], &p[1])
		})
		if err != nil {
			return nil, err
		}
		for _, p := range pairs {
			out[p[0]] = p[1]
		}
	}
	return out, nil
}

// PutOwnContact creates or replaces a contact of the user's own folder,
// with its keys, numbering the change. The caller has set its id, etag and
// times.
func (t Tx) PutOwnContact(ctx context.Context, tenant, user string, c *contactsyncv1.Contact) error {
	if err := t.EnsureMailbox(ctx, tenant, user); err != nil {
		return err
	}
	seq, err := t.nextSeqs(ctx, tenant, user, 1)
	if err != nil {
		return err
	}
	if err := t.putContacts(ctx, tenant, user, c.ParentFolderId, []*contactsyncv1.Contact{c}, seq); err != nil {
		return err
	}
	if _, err := t.Exec(ctx, `DELETE FROM own_contact_keys WHERE tenant = ? AND user_id = ? AND contact_id = ?`,
		tenant, user, c.Id); err != nil {
		return err
	}
	for _, key := range MatchKeys(c) {
		if _, err := t.Exec(ctx, `INSERT INTO own_contact_keys (tenant, user_id, match_key, contact_id) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, tenant, user, key, c.Id); err != nil {
			return err
		}
	}
	return nil
}

// DeleteOwnContact deletes a contact of the user's own folder, leaving a
// tombstone; with etag set, only if it still has that etag.
func (t Tx) DeleteOwnContact(ctx context.Context, tenant, user, id, etag string, now time.Time) error {
	current, err := t.Contact(ctx, View{Tenant: tenant, User: user, Folder: OwnFolder}, id)
	if err != nil {
		return err
	}
	if etag != "" && etag != current.Etag {
		return ErrEtagMismatch
	}
	seq, err := t.nextSeqs(ctx, tenant, user, 1)
	if err != nil {
		return err
	}
	if _, err := t.Exec(ctx, `DELETE FROM own_contact_keys WHERE tenant = ? AND user_id = ? AND contact_id = ?`,
		tenant, user, id); err != nil {
		return err
	}
	return t.deleteContact(ctx, tenant, user, OwnFolder, id, seq, now)
}

// putContacts writes contact rows of one folder, numbering their changes
// from seq on, in statements of up to putBatch rows: a sync page is a few
// statements, not one per contact.
func (t Tx) putContacts(ctx context.Context, tenant, user, folder string, contacts []*contactsyncv1.Contact, seq int64) error {
	// A folder without tombstones (every initial sync) has none to clear.
	var tombstones bool
	err := t.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM contact_tombstones WHERE tenant = ? AND user_id = ? AND folder = ?)`,
		tenant, user, folder).Scan(&tombstones)
	if err != nil {
		return err
	}
	for len(contacts) > 0 {
		batch := contacts[:min(len(contacts), putBatch)]
		contacts = contacts[len(batch):]
		args := make([]any, 0, len(batch)*contactRowWidth)
		ids := make([]any, 0, len(batch)+3)
		ids = append(ids, tenant, user, folder)
		for _, c := range batch {
			phones, emails, addresses, err := encodeLists(c)
			if err != nil {
				return err
			}
			args = append(args, tenant, user, folder, c.Id, seq, c.SourceMemberId, c.GivenName, c.Surname, c.DisplayName,
				c.CompanyName, c.JobTitle, phones, emails, addresses, strings.Join(MatchKeys(c), " "), c.Etag,
				micros(c.CreateTime.AsTime()), micros(c.UpdateTime.AsTime()))
			ids = append(ids, c.Id)
			seq++
		}
		full := len(batch) == putBatch && t.prepared != nil
		if full {
			_, err = t.tx.ExecStatement(ctx, t.prepared.putContacts, args...)
		} else {
			_, err = t.Exec(ctx, putContactsQuery(len(batch)), args...)
		}
		if err != nil {
			return err
		}
		if !tombstones {
			continue
		}
		// A contact that comes back is no longer deleted.
		if full {
			_, err = t.tx.ExecStatement(ctx, t.prepared.clearTombstones, ids...)
		} else {
			_, err = t.Exec(ctx, clearTombstonesQuery(len(batch)), ids...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// A contact row's width in parameters, and how many rows one statement
// writes: a feed page's worth (SQLite takes at most 32,766 parameters,
// PostgreSQL 65,535).
const (
	contactRowWidth = 18
	putBatch        = 100
)

// deleteContact deletes a contact row and records its tombstone at seq.
func (t Tx) deleteContact(ctx context.Context, tenant, user, folder, id string, seq int64, now time.Time) error {
	if _, err := t.Exec(ctx, `DELETE FROM contacts WHERE tenant = ? AND user_id = ? AND folder = ? AND id = ?`,
		tenant, user, folder, id); err != nil {
		return err
	}
	_, err := t.Exec(ctx, `INSERT INTO contact_tombstones (tenant, user_id, folder, id, seq, time) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant, user_id, folder, id) DO UPDATE SET seq = excluded.seq, time = excluded.time`,
		tenant, user, folder, id, seq, micros(now))
	return err
}
