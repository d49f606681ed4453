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

// Changes lists up to limit changes of a folder after change number after,
// in order.
func (q queries) Changes(ctx context.Context, v View, after int64, limit int) ([]Change, error) {
	after = max(after, v.Since)
	rows, err := q.Query(ctx, `SELECT `+contactColumns+` FROM contacts
		WHERE tenant = ? AND user_id = ? AND folder = ? AND seq > ? ORDER BY seq LIMIT ?`,
		v.Tenant, v.User, v.Folder, after, limit)
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
		WHERE tenant = ? AND user_id = ? AND folder = ? AND seq > ? ORDER BY seq LIMIT ?`,
		v.Tenant, v.User, v.Folder, after, limit)
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
