package contactsync

import (
	"context"
	"encoding/json"

	"github.com/liaisonhq/liaison/platform/follow"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

// EraseUserData erases one user's mailbox for a data-subject request: both
// folders, the deletion records and match keys, the sync state, the purge
// jobs and the user's queued syncs (whose arguments name the user). It
// waits (done false) until contact-sync's followers have passed the
// revisions given, the erasure of the directory entry and the
// disconnection: a follower that judged the user after the erasure would
// make the mailbox again. A sync running meanwhile ends on its own, its
// mailbox gone; the call waits for it too.
func (s *Service) EraseUserData(ctx context.Context, req *contactsyncv1.EraseUserDataRequest) (*contactsyncv1.EraseUserDataResponse, error) {
	resp := &contactsyncv1.EraseUserDataResponse{}
	for _, stream := range []struct {
		name     string
		revision int64
	}{{"policy", req.MinPolicyRevision}, {"consent", req.MinConsentRevision}} {
		reached, err := follow.Reached(ctx, s.store.DB().Reads(), stream.name, stream.revision)
		if err != nil {
			return nil, err
		}
		if !reached {
			resp.WaitingFor = "contact-sync to follow " + stream.name + "'s changes"
			return resp, nil
		}
	}
	err := s.store.Write(ctx, func(tx store.Tx) error {
		var err error
		if resp.ContactsDeleted, err = tx.EraseUser(ctx, req.Tenant, req.User); err != nil {
			return err
		}
		_, running, err := s.jobs.Forget(ctx, tx.Platform(), syncArgs{}.Kind(), func(args []byte) bool {
			var a syncArgs
			return json.Unmarshal(args, &a) == nil && a.Tenant == req.Tenant && a.User == req.User
		})
		if running > 0 {
			resp.WaitingFor = "the user's running sync to end"
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	resp.Done = resp.WaitingFor == ""
	return resp, nil
}
