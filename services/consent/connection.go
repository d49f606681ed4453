package consent

import (
	"context"
	"errors"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/auth"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/linkedin"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// What each direction shares (seed 004).
var (
	sharedWithOrganization = []consentv1.DataCategory{
		consentv1.DataCategory_PROFILE, consentv1.DataCategory_INTERESTS,
		consentv1.DataCategory_SUBSCRIPTIONS, consentv1.DataCategory_CONNECTIONS,
	}
	sharedWithLinkedIn = []consentv1.DataCategory{
		consentv1.DataCategory_PROFILE, consentv1.DataCategory_CALENDAR, consentv1.DataCategory_INTERESTS,
		consentv1.DataCategory_SUBSCRIPTIONS, consentv1.DataCategory_CONTACTS,
	}
)

// connectionOf renders a link, or its absence, for the API.
func connectionOf(tenant, user string, link *store.Link) *consentv1.Connection {
	c := &consentv1.Connection{Tenant: tenant, User: user, State: consentv1.ConnectionState_NOT_CONNECTED}
	if link == nil {
		return c
	}
	c.State, c.MemberId, c.Direction, c.Revision = consentv1.ConnectionState_CONNECTED, link.MemberID, link.Direction, link.Revision
	c.ConnectTime, c.UpdateTime = timestamppb.New(link.ConnectTime), timestamppb.New(link.UpdateTime)
	c.SharedWithOrganization = sharedWithOrganization
	if link.Direction == typev1.ConsentDirection_BIDIRECTIONAL {
		c.SharedWithLinkedin = sharedWithLinkedIn
	}
	return c
}

// linkOf reads the user's link, nil when not connected.
func (s *Service) linkOf(ctx context.Context, r store.Reader, tenant, user string) (*store.Link, error) {
	link, err := r.GetLink(ctx, tenant, user)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return link, err
}

// GetMyConnection returns the caller's connection.
func (s *Service) GetMyConnection(ctx context.Context, _ *consentv1.GetMyConnectionRequest) (*consentv1.GetMyConnectionResponse, error) {
	p := auth.FromContext(ctx) // a user of a tenant: the access rules say so
	link, err := s.linkOf(ctx, s.store, p.Tenant, p.Subject)
	if err != nil {
		return nil, err
	}
	connection := connectionOf(p.Tenant, p.Subject, link)
	if connection.PendingRemoteSteps, err = s.pendingSteps(ctx, p.Tenant, p.Subject); err != nil {
		return nil, err
	}
	return &consentv1.GetMyConnectionResponse{Connection: connection}, nil
}

// maxPendingCleanups bounds how many disconnections and narrowings a
// connection lists steps of.
const maxPendingCleanups = 10

// pendingSteps lists the steps at LinkedIn of the user's disconnections and
// narrowings that are still pending, newest first.
func (s *Service) pendingSteps(ctx context.Context, tenant, user string) ([]*consentv1.RemoteStep, error) {
	cleanups, err := s.store.PendingCleanups(ctx, tenant, user, maxPendingCleanups)
	if err != nil {
		return nil, err
	}
	var steps []*consentv1.RemoteStep
	for _, c := range cleanups {
		for _, step := range remoteSteps(c) {
			if step.State == consentv1.RemoteStep_PENDING {
				steps = append(steps, step)
			}
		}
	}
	return steps, nil
}

// UpdateMyConnection changes the direction. Narrowing is immediate (the
// deletion of LinkedIn's copy of the organization's contacts follows from
// the queue: it never waits for LinkedIn); widening needs the grant to
// cover it and policy to allow sharing with LinkedIn.
func (s *Service) UpdateMyConnection(ctx context.Context, req *consentv1.UpdateMyConnectionRequest) (*consentv1.UpdateMyConnectionResponse, error) {
	p := auth.FromContext(ctx) // a user of a tenant: the access rules say so
	current, err := s.linkOf(ctx, s.store, p.Tenant, p.Subject)
	if err != nil {
		return nil, err
	}
	if current == nil {
		return nil, apierror.NotFound("linkedin connection of user", p.Subject)
	}
	var updated *store.Link
	change := func(tx store.Tx) (err error) {
		updated, err = s.changeDirectionIn(ctx, tx, p.Tenant, p.Subject, req.Direction, consentv1.ConsentEvent_USER_REQUEST, "")
		return err
	}
	if req.Direction == typev1.ConsentDirection_BIDIRECTIONAL && current.Direction != req.Direction {
		if !linkedin.Covers(current.Scopes, req.Direction) {
			return nil, apierror.FailedPrecondition(typev1.ErrorReason_REAUTHORIZATION_REQUIRED,
				"sharing data both ways needs a new authorization from LinkedIn: start a connection with direction BIDIRECTIONAL",
				map[string]string{"field": "direction"})
		}
		mayShare := func(ctx context.Context, minRevision int64) (int64, error) {
			return s.requireAccess(ctx, p.Tenant, p.Subject, shareCapability, minRevision)
		}
		err = s.writeCheckedByPolicy(ctx, mayShare, change)
	} else {
		err = s.store.Write(ctx, change) // narrowing needs no permission
	}
	if err != nil {
		return nil, err
	}
	// A narrowing to LinkedIn -> organization only has queued the deletion
	// of LinkedIn's copy of the organization's contacts: the connection
	// shows it PENDING until LinkedIn has done it, as GetMyConnection does.
	connection := connectionOf(p.Tenant, p.Subject, updated)
	if connection.PendingRemoteSteps, err = s.pendingSteps(ctx, p.Tenant, p.Subject); err != nil {
		return nil, err
	}
	return &consentv1.UpdateMyConnectionResponse{Connection: connection}, nil
}

// changeDirectionIn sets a connected user's direction inside tx, recording
// why, and returns the link after; nothing changes when it already has it.
// A narrowing from both ways to LinkedIn -> organization only also queues,
// in tx, the deletion at LinkedIn of the contacts it imported from the
// organization, with the link's tokens, which the link keeps.
func (s *Service) changeDirectionIn(ctx context.Context, tx store.Tx, tenant, user string, direction typev1.ConsentDirection,
	reason consentv1.ConsentEvent_Reason, actor string) (*store.Link, error) {
	var link *store.Link
	_, err := s.recordIn(ctx, tx, tenant, user, func(tx store.Tx) (*change, error) {
		var err error
		if link, err = s.linkOf(ctx, tx, tenant, user); err != nil || link == nil || link.Direction == direction {
			return nil, err
		}
		event := &consentv1.ConsentEvent{
			Kind: consentv1.ConsentEvent_DIRECTION_CHANGED, Reason: reason, Actor: actor,
			Direction: direction, PreviousDirection: link.Direction, MemberId: link.MemberID,
		}
		return &change{event: event, apply: func(tx store.Tx, rev int64) error {
			link.Direction, link.UpdateTime, link.Revision = direction, event.Time.AsTime(), rev
			link.EverBidirectional = link.EverBidirectional || direction == typev1.ConsentDirection_BIDIRECTIONAL
			if err := tx.PutLink(ctx, link); err != nil {
				return err
			}
			if !narrows(event.PreviousDirection, direction) {
				return nil
			}
			_, err := s.queueContactsDeletion(ctx, tx, link, rev)
			return err
		}}, nil
	})
	return link, err
}
