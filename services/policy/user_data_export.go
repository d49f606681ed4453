package policy

import (
	"context"
	"slices"

	"github.com/liaisonhq/liaison/platform/apierror"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// exportBatch is how many audit entries one message of an export holds.
const exportBatch = 100

// contactsPage is how many contacts one message holds: the largest
// contacts the API takes (about 13 KB each) stay under gRPC's 4 MiB.
const contactsPage = 200

// ExportUserData streams everything held about a user (GDPR articles 15
// and 20): the directory entry and memberships, the audit entries about
// or by the user, consent's part and contact-sync's, then a summary. The
// export is audited before anything is read. Secrets are listed, never
// sent.
func (s *Service) ExportUserData(req *policyv1.ExportUserDataRequest, stream policyv1.PolicyService_ExportUserDataServer) error {
	ctx := stream.Context()
	if s.peers.Consent == nil || s.peers.ContactSync == nil {
		return apierror.Unavailable("data export (policy needs the consent and contact-sync services' addresses)")
	}
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		// The user must be in the directory: an export names them in the
		// audit log, which must not bring back a person erased.
		if _, err := j.tx.GetUser(ctx, req.Tenant, req.User); err != nil {
			return storeError(err, "user", req.User)
		}
		return j.record(ctx, tenantResource(req.Tenant)+"/dataExports/users/"+req.User, policyv1.Change_CREATE, nil, func(int64) (proto.Message, error) {
			return structpb.NewStruct(map[string]any{"user": req.User})
		})
	})
	if err != nil {
		return err
	}
	summary := &policyv1.UserDataSummary{Tenant: req.Tenant, User: req.User, ExportTime: timestamppb.New(s.now())}
	send := func(part *policyv1.ExportUserDataResponse) error { return stream.Send(part) }

	user, err := s.store.GetUser(ctx, req.Tenant, req.User)
	if err != nil {
		return storeError(err, "user", req.User)
	}
	if err := send(&policyv1.ExportUserDataResponse{Part: &policyv1.ExportUserDataResponse_User{User: user}}); err != nil {
		return err
	}
	memberships, err := s.memberships(ctx, req.Tenant, req.User)
	if err != nil {
		return err
	}
	if err := send(&policyv1.ExportUserDataResponse{Part: &policyv1.ExportUserDataResponse_Memberships{Memberships: memberships}}); err != nil {
		return err
	}
	events, err := s.auditAbout(ctx, req.Tenant, req.User)
	if err != nil {
		return err
	}
	summary.AuditEvents = int64(len(events))
	for batch := range slices.Chunk(events, exportBatch) {
		if err := send(&policyv1.ExportUserDataResponse{Part: &policyv1.ExportUserDataResponse_AuditEvents{AuditEvents: &policyv1.AuditEvents{Events: batch}}}); err != nil {
			return err
		}
	}
	consent, err := s.peers.Consent.ExportUserData(ctx, &consentv1.ExportUserDataRequest{Tenant: req.Tenant, User: req.User})
	if err != nil {
		return err
	}
	summary.ConsentEvents = int64(len(consent.Events))
	if consent.LinkedinTokensHeld {
		summary.SecretsHeld = append(summary.SecretsHeld, "LinkedIn access and refresh tokens (consent service, sealed at rest): present, not exported")
	}
	if err := send(&policyv1.ExportUserDataResponse{Part: &policyv1.ExportUserDataResponse_Consent{Consent: consent}}); err != nil {
		return err
	}
	for token := ""; ; {
		page, err := s.peers.ContactSync.ExportUserContacts(ctx, &contactsyncv1.ExportUserContactsRequest{
			Tenant: req.Tenant, User: req.User, PageSize: contactsPage, PageToken: token,
		})
		if err != nil {
			return err
		}
		summary.Contacts += int64(len(page.Contacts))
		if err := send(&policyv1.ExportUserDataResponse{Part: &policyv1.ExportUserDataResponse_Contacts{Contacts: page}}); err != nil {
			return err
		}
		if token = page.NextPageToken; token == "" {
			break
		}
	}
	return send(&policyv1.ExportUserDataResponse{Part: &policyv1.ExportUserDataResponse_Summary{Summary: summary}})
}

// memberships are the groups user is in, directly and through nesting,
// and the users they manage.
func (s *Service) memberships(ctx context.Context, tenant, user string) (*policyv1.UserMemberships, error) {
	m := &policyv1.UserMemberships{}
	direct, err := s.store.GroupsWith(ctx, tenant, store.Member{Kind: store.UserMember, ID: user})
	if err != nil {
		return nil, err
	}
	m.DirectGroups = direct
	seen := map[string]bool{}
	for queue := slices.Clone(direct); len(queue) > 0; {
		g := queue[0]
		queue = queue[1:]
		if seen[g] {
			continue
		}
		seen[g] = true
		m.Groups = append(m.Groups, g)
		parents, err := s.store.GroupsWith(ctx, tenant, store.Member{Kind: store.GroupMember, ID: g})
		if err != nil {
			return nil, err
		}
		queue = append(queue, parents...)
	}
	slices.Sort(m.Groups)
	reports, err := s.store.Reports(ctx, tenant, user)
	if err != nil {
		return nil, err
	}
	for _, r := range reports {
		m.DirectReports = append(m.DirectReports, r.Id)
	}
	return m, nil
}

// auditAbout lists the tenant's audit entries about the user, and those
// made by the user (without the before and after of what they changed,
// which are about others), oldest first.
func (s *Service) auditAbout(ctx context.Context, tenant, user string) ([]*policyv1.AuditEvent, error) {
	var found []*policyv1.AuditEvent
	for before := int64(0); ; {
		page, err := s.store.ListAuditEvents(ctx, tenant, before, exportBatch*5)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			switch {
			case store.AboutUser(e, user):
				found = append(found, e)
			case e.Actor == user:
				// A change the user made to someone or something else:
				// that it was made, not what it held about others.
				found = append(found, &policyv1.AuditEvent{Revision: e.Revision, Time: e.Time, Actor: e.Actor,
					Action: e.Action, Resource: e.Resource, RequestId: e.RequestId})
			}
		}
		if len(page) < exportBatch*5 {
			break
		}
		before = page[len(page)-1].Revision
	}
	slices.Reverse(found)
	return found, nil
}
