package store

import "context"

// EraseUser deletes everything kept about one user's mailbox: the contacts
// of both folders, their deletion records and match keys, the mailbox's
// sync state and its purge jobs. It returns how many contacts went. What a
// follower or a sync does for the user afterwards starts from nothing, so
// the caller makes sure none is still to come (see the service's
// EraseUserData).
func (t Tx) EraseUser(ctx context.Context, tenant, user string) (int64, error) {
	res, err := t.Exec(ctx, `DELETE FROM contacts WHERE tenant = ? AND user_id = ?`, tenant, user)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	for _, table := range []string{"contact_tombstones", "own_contact_keys", "purge_jobs", "mailboxes"} {
		if _, err := t.Exec(ctx, `DELETE FROM `+table+` WHERE tenant = ? AND user_id = ?`, tenant, user); err != nil {
			return 0, err
		}
	}
	return n, nil
}
