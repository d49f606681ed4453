package store

import (
	"context"
	"strings"
	"sync"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// The statements a sync page repeats, prepared once: parsing a 100-row
// insert took a sixth of the service's time during an initial sync.
type prepared struct {
	// putContacts and clearTombstones take a full batch of putBatch rows.
	putContacts, clearTombstones *sqlstore.Statement
}

// statements prepares them on first use, outside any transaction (SQLite's
// one writer is busy inside one), and again after a failure.
type statements struct {
	mu   sync.Mutex
	done *prepared
}

func (s *statements) prepare(ctx context.Context, db *sqlstore.DB) (*prepared, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done != nil {
		return s.done, nil
	}
	put, err := db.Prepare(ctx, putContactsQuery(putBatch))
	if err != nil {
		return nil, err
	}
	clear, err := db.Prepare(ctx, clearTombstonesQuery(putBatch))
	if err != nil {
		return nil, err
	}
	s.done = &prepared{putContacts: put, clearTombstones: clear}
	return s.done, nil
}

// putContactsQuery writes rows contact rows, replacing those of the same
// id.
func putContactsQuery(rows int) string {
	row := "(" + placeholders(contactRowWidth) + ")"
	return `INSERT INTO contacts (tenant, user_id, folder, id, seq, source, given_name, surname,
		display_name, company, job_title, phones, emails, addresses, match_keys, etag, create_time, update_time)
		VALUES ` + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ") + `
		ON CONFLICT (tenant, user_id, folder, id) DO UPDATE SET seq = excluded.seq, source = excluded.source,
			given_name = excluded.given_name, surname = excluded.surname, display_name = excluded.display_name,
			company = excluded.company, job_title = excluded.job_title, phones = excluded.phones,
			emails = excluded.emails, addresses = excluded.addresses, match_keys = excluded.match_keys,
			etag = excluded.etag, update_time = excluded.update_time`
}

// clearTombstonesQuery deletes the tombstones of rows contacts of one
// folder.
func clearTombstonesQuery(rows int) string {
	return `DELETE FROM contact_tombstones WHERE tenant = ? AND user_id = ? AND folder = ?
		AND id IN (` + placeholders(rows) + `)`
}
