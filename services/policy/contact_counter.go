package policy

import (
	"context"
	"time"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
)

// countTimeout bounds the preview's wait for contact-sync: a preview
// without the count is still worth showing.
const countTimeout = 2 * time.Second

// countBatch is the most users one count asks about.
const countBatch = 1000

// countContacts counts the synced contacts of users, and says whether it
// could: without contact-sync, or when it does not answer in time, the
// preview goes without the number rather than failing.
func (s *Service) countContacts(ctx context.Context, tenant string, users []string) (int64, bool) {
	if s.peers.ContactSync == nil {
		return 0, false
	}
	ctx, cancel := context.WithTimeout(ctx, countTimeout)
	defer cancel()
	var total int64
	for len(users) > 0 {
		batch := users[:min(len(users), countBatch)]
		users = users[len(batch):]
		resp, err := s.peers.ContactSync.CountSyncedContacts(ctx, &contactsyncv1.CountSyncedContactsRequest{Tenant: tenant, Users: batch})
		if err != nil {
			s.logger.WarnContext(ctx, "the impact preview could not count synced contacts", "tenant", tenant, "error", err)
			return 0, false
		}
		total += resp.Contacts
	}
	return total, true
}
