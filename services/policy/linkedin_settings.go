package policy

import (
	"context"
	"github.com/liaisonhq/liaison/platform/fieldmask"
	"slices"

	"github.com/liaisonhq/liaison/platform/apierror"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/decision"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// GetLinkedInSettings returns the settings with defaults resolved.
func (s *Service) GetLinkedInSettings(ctx context.Context, req *policyv1.GetLinkedInSettingsRequest) (*policyv1.GetLinkedInSettingsResponse, error) {
	t, err := s.tenant(ctx, req.Tenant)
	if err != nil {
		return nil, err
	}
	stored, err := s.store.GetLinkedInSettings(ctx, req.Tenant)
	if err != nil {
		return nil, err
	}
	return &policyv1.GetLinkedInSettingsResponse{Settings: decision.ResolveLinkedIn(t, stored)}, nil
}

// UpdateLinkedInSettings changes the settings named by the mask.
func (s *Service) UpdateLinkedInSettings(ctx context.Context, req *policyv1.UpdateLinkedInSettingsRequest) (*policyv1.UpdateLinkedInSettingsResponse, error) {
	var resolved *policyv1.LinkedInSettings
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		t, err := j.tx.GetTenant(ctx, req.Tenant)
		if err != nil {
			return storeError(err, "tenant", req.Tenant)
		}
		stored, err := j.tx.GetLinkedInSettings(ctx, req.Tenant)
		if err != nil {
			return err
		}
		if req.Settings.Etag != "" && req.Settings.Etag != stored.Etag {
			return apierror.EtagMismatch("linkedinSettings")
		}
		next := proto.Clone(stored).(*policyv1.LinkedInSettings)
		fieldmask.Apply(next, req.Settings, req.UpdateMask)
		if next.Mode != policyv1.LinkedInSettings_SELECTED_GROUP && !slices.Contains(fieldmask.Paths(req.UpdateMask), "selected_group") {
			// Leaving "Selected group" forgets the group, so it is no longer
			// in use.
			next.SelectedGroup = ""
		}
		if err := s.checkLinkedIn(ctx, j.tx, req.Tenant, decision.ResolveLinkedIn(t, next), "settings"); err != nil {
			return err
		}
		if unchanged(stored, next) {
			resolved = decision.ResolveLinkedIn(t, stored)
			return nil
		}
		next.UpdateActor, next.UpdateTime = j.actor, timestamppb.New(j.now)
		return j.record(ctx, linkedInResource(req.Tenant), policyv1.Change_UPDATE, decision.ResolveLinkedIn(t, stored),
			func(rev int64) (proto.Message, error) {
				if err := j.tx.PutLinkedInSettings(ctx, req.Tenant, next, rev); err != nil {
					return nil, err
				}
				next.Etag = store.Etag(rev)
				resolved = decision.ResolveLinkedIn(t, next)
				return resolved, nil
			})
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.UpdateLinkedInSettingsResponse{Settings: resolved}, nil
}

// checkLinkedIn checks that the selected group is given exactly when the
// mode needs one, and exists; field is the request field holding settings.
func (s *Service) checkLinkedIn(ctx context.Context, r store.Reader, tenant string, settings *policyv1.LinkedInSettings, field string) error {
	field += ".selected_group"
	if settings.Mode != policyv1.LinkedInSettings_SELECTED_GROUP {
		if settings.SelectedGroup != "" {
			return apierror.InvalidField(field, "must be empty unless mode is SELECTED_GROUP")
		}
		return nil
	}
	if settings.SelectedGroup == "" {
		return apierror.InvalidField(field, "is required when mode is SELECTED_GROUP")
	}
	if err := mustExist(r.GetGroup(ctx, tenant, settings.SelectedGroup)); err != nil {
		return orInvalid(err, field, "must name a group of the tenant")
	}
	return nil
}

// PreviewLinkedInSettingsChange counts who would gain and lose the ability to
// connect, without changing anything.
func (s *Service) PreviewLinkedInSettingsChange(ctx context.Context, req *policyv1.PreviewLinkedInSettingsChangeRequest) (*policyv1.PreviewLinkedInSettingsChangeResponse, error) {
	snap, err := s.store.Snapshot(ctx, req.Tenant)
	if err != nil {
		return nil, storeError(err, "tenant", req.Tenant)
	}
	proposed := proto.Clone(snap.LinkedIn).(*policyv1.LinkedInSettings)
	proposed.Mode, proposed.SelectedGroup = req.Proposed.Mode, req.Proposed.SelectedGroup
	if err := s.checkLinkedIn(ctx, s.store, req.Tenant, decision.ResolveLinkedIn(snap.Tenant, proposed), "proposed"); err != nil {
		return nil, err
	}
	now := decision.Build(snap)
	snap.LinkedIn = proposed
	after := decision.Build(snap)
	preview := decision.Preview(now, after)
	preview.ContactsDeleted, preview.ContactsCounted = s.countContacts(ctx, req.Tenant, decision.Losing(now, after, policyv1.Capability_CONTACT_SYNC))
	return preview, nil
}
