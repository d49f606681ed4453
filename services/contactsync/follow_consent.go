package contactsync

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/liaisonhq/liaison/platform/follow"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

// consentFollower follows consent's ledger, on one replica at a time: a
// grant (with policy's leave) starts syncing the user; a revocation or
// disconnect withdraws at once, in the batch's transaction with the cursor.
func (s *Service) consentFollower() *follow.Follower[*consentv1.WatchResponse] {
	return &follow.Follower[*consentv1.WatchResponse]{
		Name: "consent",
		DB:   s.store.DB(),
		Watch: func(ctx context.Context, from int64) (func() (*consentv1.WatchResponse, error), error) {
			return follow.Receive(s.Consent.Watch(ctx, &consentv1.WatchRequest{FromRevision: from}))
		},
		Revision: (*consentv1.WatchResponse).GetRevision,
		Handle: func(ctx context.Context, batch *consentv1.WatchResponse, commit func(*sqlstore.Tx) error) error {
			return s.applyConsent(ctx, directionsOf(batch.Events), commit)
		},
		Resync: s.resyncConsent,
		Logger: s.Logger,
	}
}

// directionsOf reads each user's consent direction after the events, by
// tenant: unspecified once revoked.
func directionsOf(events []*consentv1.ConsentEvent) map[string]map[string]typev1.ConsentDirection {
	out := map[string]map[string]typev1.ConsentDirection{}
	for _, e := range events {
		if out[e.Tenant] == nil {
			out[e.Tenant] = map[string]typev1.ConsentDirection{}
		}
		direction := e.Direction
		if e.Kind == consentv1.ConsentEvent_REVOKED {
			direction = typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED
		}
		out[e.Tenant][e.User] = direction
	}
	return out
}

// applyConsent asks policy about the users, and applies their directions
// in one transaction that also runs commit. Users whose consent is gone
// are asked too: consent revokes what policy no longer allows, and then
// policy's reason, not the lost consent, is why they may not sync (see
// apply). A revocation never waits for policy: when policy cannot answer,
// the revoked users are withdrawn at once (for their lost consent) and the
// batch is tried again for the rest.
func (s *Service) applyConsent(ctx context.Context, directions map[string]map[string]typev1.ConsentDirection, commit func(*sqlstore.Tx) error) error {
	judged, revoked := map[string][]judgement{}, map[string][]judgement{}
	var policyErr error
	for tenant, users := range directions {
		ask := slices.Sorted(maps.Keys(users))
		verdicts, err := s.askPolicy(ctx, tenant, ask, 0)
		if err != nil {
			policyErr = err
		}
		for _, u := range ask {
			d := users[u]
			v, ok := verdicts[u]
			switch {
			case err != nil && d == typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED:
				revoked[tenant] = append(revoked[tenant], judgement{user: u, direction: &d,
					policy: policyVerdict{reason: contactsyncv1.SyncStatus_NO_CONSENT}})
				continue
			case err != nil:
				continue
			case !ok: // policy said nothing of the user: not in its directory
				v = policyVerdict{reason: contactsyncv1.SyncStatus_USER_NOT_FOUND}
			}
			judged[tenant] = append(judged[tenant], judgement{user: u, direction: &d, policy: v})
		}
	}
	if policyErr != nil {
		// Without the cursor: the batch is handled again once policy
		// answers, which finds these users withdrawn already.
		err := s.store.Write(ctx, func(tx store.Tx) error {
			for tenant, j := range revoked {
				if err := s.apply(ctx, tx, tenant, j, contactsyncv1.PurgeJob_CONSENT_CHANGE); err != nil {
					return err
				}
			}
			return nil
		})
		return errors.Join(policyErr, err)
	}
	return s.store.Write(ctx, func(tx store.Tx) error {
		for tenant, j := range judged {
			if err := s.apply(ctx, tx, tenant, j, contactsyncv1.PurgeJob_CONSENT_CHANGE); err != nil {
				return err
			}
		}
		return commit(tx.Platform())
	})
}

// resyncConsent reads the current connections of every tenant this service
// knows, after consent's stream expired: users listed are connected in the
// direction given, the others known here are not. (A tenant none of whose
// users was ever seen here is learned from its next consent event.)
func (s *Service) resyncConsent(ctx context.Context, check func(*sqlstore.Tx) error) error {
	tenants, err := s.store.Tenants(ctx)
	if err != nil {
		return err
	}
	for _, tenant := range tenants {
		directions := map[string]typev1.ConsentDirection{}
		after := ""
		for {
			known, err := s.store.Mailboxes(ctx, tenant, after, 1000)
			if err != nil {
				return err
			}
			if len(known) == 0 {
				break
			}
			for _, m := range known {
				directions[m.User] = typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED
			}
			after = known[len(known)-1].User
		}
		token := ""
		for {
			resp, err := s.Consent.ListConnections(ctx, &consentv1.ListConnectionsRequest{Tenant: tenant, PageSize: 1000, PageToken: token})
			if err != nil {
				return err
			}
			for _, c := range resp.Connections {
				directions[c.User] = c.Direction
			}
			if token = resp.NextPageToken; token == "" {
				break
			}
		}
		if err := s.applyConsent(ctx, map[string]map[string]typev1.ConsentDirection{tenant: directions}, check); err != nil {
			return err
		}
	}
	return nil
}
