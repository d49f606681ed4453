package store

import (
	"cmp"
	"context"
	"slices"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
)

// Change is one entry of a folder's delta: a contact added or changed, or
// the id of one deleted, at its change number.
type Change struct {
	Seq       int64
	Contact   *contactsyncv1.Contact
	DeletedID string
}

// Changes lists up to limit changes of a folder after change number after
// and up to upTo, in order. Bound by a change number read before (the
// mailbox's), its two reads see the same changes: writes commit in the
// order they are numbered, so all up to upTo have committed.
func (q queries) Changes(ctx context.Context, v View, after, upTo int64, limit int) ([]Change, error) {
	after = max(after, v.Since)
	rows, err := q.Query(ctx, `SELECT `+contactColumns+` FROM contacts
		WHERE tenant = ? AND user_id = ? AND folder = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
		v.Tenant, v.User, v.Folder, after, upTo, limit)
	if err != nil {
		return nil, err
	}
	var changes []Change
	defer rows.Close()
	for rows.Next() {
		c, seq, err := scanContact(rows)
		if err != nil {
			return nil, err
		}
		changes = append(changes, Change{Seq: seq, Contact: c})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT id, seq FROM contact_tombstones
		WHERE tenant = ? AND user_id = ? AND folder = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
		v.Tenant, v.User, v.Folder, after, upTo, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var ch Change
		if err := rows.Scan(&ch.DeletedID, &ch.Seq); err != nil {
			return nil, err
		}
		changes = append(changes, ch)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(changes, func(a, b Change) int { return cmp.Compare(a.Seq, b.Seq) })
	return changes[:min(len(changes), limit)], nil
}

// FolderSeq is the change number of a folder's newest change (its newest
// contact or deletion; 0 when it never changed): what a copy of the folder
// made then reflects.
func (q queries) FolderSeq(ctx context.Context, tenant, user, folder string) (int64, error) {
	var seq int64
	err := q.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM (
		SELECT seq FROM contacts WHERE tenant = ? AND user_id = ? AND folder = ?
		UNION ALL SELECT seq FROM contact_tombstones WHERE tenant = ? AND user_id = ? AND folder = ?) AS changes`,
		tenant, user, folder, tenant, user, folder).Scan(&seq)
	return seq, err
}
