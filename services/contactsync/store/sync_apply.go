package store

import (
	"context"
	"fmt"
	"time"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
)

// FeedPage is one page of the network's connections feed, as contacts of
// the LinkedIn folder.
type FeedPage struct {
	// Full says the page belongs to a full listing, whose upserts come in
	// source order: a synced contact within the page's range that the page
	// does not hold is gone.
	Full bool
	// Upserts have their id, source, etag and times set.
	Upserts []*contactsyncv1.Contact
	// Deleted are the ids of synced contacts to delete.
	Deleted []string
	// Last says this is the listing's last page.
	Last bool
}

// ApplyPage applies one page of the feed to the mailbox's LinkedIn folder
// as seen through v, records the position after it, and returns what
// changed. A contact whose etag is unchanged is not written: a page with
// no changes writes only the position.
func (t Tx) ApplyPage(ctx context.Context, v View, from Position, page FeedPage, next Position, now time.Time) (Counts, error) {
	var counts Counts
	if !page.Full {
		page.Upserts = lastOfEach(page.Upserts)
	}
	ids := make([]string, len(page.Upserts))
	for i, c := range page.Upserts {
		ids[i] = c.Id
		if page.Full && (c.SourceMemberId <= from.After || (i > 0 && c.SourceMemberId <= page.Upserts[i-1].SourceMemberId)) {
			return counts, fmt.Errorf("the network's full listing is not in member id order at %q", c.SourceMemberId)
		}
	}
	current, err := t.etags(ctx, v, append(ids, page.Deleted...))
	if err != nil {
		return counts, err
	}
	var writes []*contactsyncv1.Contact
	for _, c := range page.Upserts {
		switch etag, ok := current[c.Id]; {
		case !ok:
			counts.Added++
		case etag == c.Etag:
			continue
		default:
			counts.Updated++
		}
		writes = append(writes, c)
	}
	// A contact is deleted once, even when the page names it twice, or
	// both lists it as deleted and leaves it out of a full listing.
	var deletes []string
	deleting := map[string]bool{}
	del := func(id string) {
		if !deleting[id] {
			deleting[id] = true
			deletes = append(deletes, id)
		}
	}
	for _, id := range page.Deleted {
		if _, ok := current[id]; ok {
			del(id)
		}
	}
	if page.Full {
		gone, err := t.missingFromListing(ctx, v, from.After, page, ids)
		if err != nil {
			return counts, err
		}
		for _, id := range gone {
			del(id)
		}
	}
	counts.Deleted = int64(len(deletes))
	if n := int64(len(writes) + len(deletes)); n > 0 {
		seq, err := t.nextSeqs(ctx, v.Tenant, v.User, n)
		if err != nil {
			return counts, err
		}
		if err := t.putContacts(ctx, v.Tenant, v.User, v.Folder, writes, seq); err != nil {
			return counts, err
		}
		seq += int64(len(writes))
		for _, id := range deletes {
			if err := t.deleteContact(ctx, v.Tenant, v.User, v.Folder, id, seq, now); err != nil {
				return counts, err
			}
			seq++
		}
	}
	return counts, t.SavePosition(ctx, v.Tenant, v.User, next, counts)
}

// etags reads the current etags of those of ids the folder holds.
func (q queries) etags(ctx context.Context, v View, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := []any{v.Tenant, v.User, v.Folder, v.Since}
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := q.Query(ctx, `SELECT id, etag FROM contacts WHERE tenant = ? AND user_id = ? AND folder = ?
			AND seq > ? AND id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, etag string
			if err := rows.Scan(&id, &etag); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = etag
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// missingFromListing lists the synced contacts within a full listing
// page's range of sources (after the previous page, up to its last source,
// or to the end on the listing's last page) that the page does not hold.
func (q queries) missingFromListing(ctx context.Context, v View, after string, page FeedPage, ids []string) ([]string, error) {
	query := `SELECT id FROM contacts WHERE tenant = ? AND user_id = ? AND folder = ? AND seq > ? AND source > ?`
	args := []any{v.Tenant, v.User, v.Folder, v.Since, after}
	switch {
	case page.Last:
	case len(page.Upserts) > 0:
		query += ` AND source <= ?`
		args = append(args, page.Upserts[len(page.Upserts)-1].SourceMemberId)
	default:
		return nil, nil // a page with no entries says nothing of any range
	}
	rows, err := q.Query(ctx, query+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	held := make(map[string]bool, len(ids))
	for _, id := range ids {
		held[id] = true
	}
	var gone []string
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		if !held[id] {
			gone = append(gone, id)
		}
	}
	return gone, rows.Err()
}

// lastOfEach keeps the last of the upserts of each contact, in the order of
// those last ones: a page that names a member twice writes it once (one
// statement may not write a row twice on PostgreSQL) and counts it once.
func lastOfEach(upserts []*contactsyncv1.Contact) []*contactsyncv1.Contact {
	last := make(map[string]int, len(upserts))
	for i, c := range upserts {
		last[c.Id] = i
	}
	if len(last) == len(upserts) {
		return upserts
	}
	out := make([]*contactsyncv1.Contact, 0, len(last))
	for i, c := range upserts {
		if last[c.Id] == i {
			out = append(out, c)
		}
	}
	return out
}
