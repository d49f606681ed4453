package contactsync

import (
	"context"

	"github.com/liaisonhq/liaison/platform/follow"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"github.com/liaisonhq/liaison/services/policy/policyclient"
)

// policyFollower follows policy's changes, on one replica at a time, and
// after each batch asks policy again about every consented user of the
// tenants that changed: a tenant switched to No, a user out of the selected
// group or a mailbox policy switched off withdraws at once, in the batch's
// transaction with the cursor; the purge and new syncs are queued in it.
func (s *Service) policyFollower() *follow.Follower[*policyv1.WatchResponse] {
	return &follow.Follower[*policyv1.WatchResponse]{
		Name: "policy",
		DB:   s.store.DB(),
		Watch: func(ctx context.Context, from int64) (func() (*policyv1.WatchResponse, error), error) {
			return follow.Receive(s.Policy.Watch(ctx, &policyv1.WatchRequest{FromRevision: from}))
		},
		Revision: (*policyv1.WatchResponse).GetRevision,
		Handle: func(ctx context.Context, batch *policyv1.WatchResponse, commit func(*sqlstore.Tx) error) error {
			return s.rejudgeTenants(ctx, policyclient.TenantsOf(batch.Changes), batch.Revision, commit)
		},
		Resync: func(ctx context.Context, check func(*sqlstore.Tx) error) error {
			tenants, err := s.store.Tenants(ctx)
			if err != nil {
				return err
			}
			return s.rejudgeTenants(ctx, tenants, 0, check)
		},
		Logger: s.Logger,
	}
}

// concernsPolicy says whether a change of policy may change a mailbox's
// eligibility or the reason its status gives: a user who has consented, or
// one who may not sync because of policy (whom a change may leave without
// any reason but their missing consent).
func concernsPolicy(m *store.Mailbox) bool {
	return m.Direction != typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED ||
		(!m.Eligible && m.Reason != contactsyncv1.SyncStatus_NO_CONSENT)
}

// rejudgeTenants asks policy, at revision or later, about every user of the
// tenants whom policy concerns (see concernsPolicy), and applies the
// answers in one transaction that also runs commit. Users whose consent
// changes meanwhile keep the direction the consent stream gives them: apply
// reads it inside the transaction.
func (s *Service) rejudgeTenants(ctx context.Context, tenants []string, revision int64, commit func(*sqlstore.Tx) error) error {
	judged := map[string][]judgement{}
	for _, tenant := range tenants {
		after := ""
		for {
			boxes, err := s.store.Mailboxes(ctx, tenant, after, 1000)
			if err != nil {
				return err
			}
			if len(boxes) == 0 {
				break
			}
			var users []string
			for _, m := range boxes {
				if concernsPolicy(m) {
					users = append(users, m.User)
				}
			}
			verdicts, err := s.askPolicy(ctx, tenant, users, revision)
			if err != nil {
				return err
			}
			for _, u := range users {
				v, ok := verdicts[u]
				if !ok { // policy said nothing of the user: not in its directory
					v = policyVerdict{reason: contactsyncv1.SyncStatus_USER_NOT_FOUND}
				}
				judged[tenant] = append(judged[tenant], judgement{user: u, policy: v})
			}
			after = boxes[len(boxes)-1].User
		}
	}
	return s.store.Write(ctx, func(tx store.Tx) error {
		for _, tenant := range tenants {
			if err := s.apply(ctx, tx, tenant, judged[tenant], contactsyncv1.PurgeJob_POLICY_CHANGE); err != nil {
				return err
			}
		}
		return commit(tx.Platform())
	})
}
