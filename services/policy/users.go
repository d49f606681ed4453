package policy

import (
	"context"
	"errors"
	"github.com/liaisonhq/liaison/platform/fieldmask"

	"github.com/liaisonhq/liaison/platform/apierror"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// CreateUser adds a user to the directory.
func (s *Service) CreateUser(ctx context.Context, req *policyv1.CreateUserRequest) (*policyv1.CreateUserResponse, error) {
	u := proto.Clone(req.User).(*policyv1.User)
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		if err := s.checkUserRefs(ctx, j.tx, req.Tenant, u); err != nil {
			return err
		}
		switch _, err := j.tx.GetUser(ctx, req.Tenant, u.Id); {
		case err == nil:
			return apierror.AlreadyExists("user", u.Id)
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		// A person being erased cannot be made again until the erasure is
		// done: its later steps would erase the new one too.
		switch _, err := j.tx.ActiveErasure(ctx, req.Tenant, u.Id); {
		case err == nil:
			return apierror.FailedPrecondition(typev1.ErrorReason_RESOURCE_IN_USE,
				"user "+u.Id+" is being erased; create them again once the erasure is done",
				map[string]string{"user": u.Id})
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		u.CreateTime, u.UpdateTime = timestamppb.New(j.now), timestamppb.New(j.now)
		return j.record(ctx, userResource(req.Tenant, u.Id), policyv1.Change_CREATE, nil, func(rev int64) (proto.Message, error) {
			u.Etag = store.Etag(rev)
			if err := j.tx.CreateUser(ctx, req.Tenant, u, rev); err != nil {
				return nil, emailConflict(err, u)
			}
			return u, nil
		})
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.CreateUserResponse{User: u}, nil
}

// emailConflict names the email as the duplicate: ids are checked before
// writing (a failed statement would end a PostgreSQL transaction), so the
// only unique key a write can still break is the email.
func emailConflict(err error, u *policyv1.User) error {
	if errors.Is(err, store.ErrAlreadyExists) {
		return apierror.AlreadyExists("user with email", u.Email)
	}
	return storeError(err, "user", u.Id)
}

// checkUserRefs checks that the tenant, the manager and the mailbox policy a
// user names exist.
func (s *Service) checkUserRefs(ctx context.Context, r store.Reader, tenant string, u *policyv1.User) error {
	if _, err := r.GetTenant(ctx, tenant); err != nil {
		return storeError(err, "tenant", tenant)
	}
	if u.Manager != "" {
		if u.Manager == u.Id {
			return apierror.InvalidField("user.manager", "must not be the user")
		}
		if err := mustExist(r.GetUser(ctx, tenant, u.Manager)); err != nil {
			return orInvalid(err, "user.manager", "must name a user of the tenant")
		}
	}
	if u.MailboxPolicy != "" {
		if err := mustExist(r.GetMailboxPolicy(ctx, tenant, u.MailboxPolicy)); err != nil {
			return orInvalid(err, "user.mailbox_policy", "must name a mailbox policy of the tenant")
		}
	}
	return nil
}

// GetUser returns a user to themselves and to tenant readers.
func (s *Service) GetUser(ctx context.Context, req *policyv1.GetUserRequest) (*policyv1.GetUserResponse, error) {
	u, err := s.store.GetUser(ctx, req.Tenant, req.User)
	if err != nil {
		return nil, storeError(err, "user", req.User)
	}
	return &policyv1.GetUserResponse{User: u}, nil
}

// ListUsers lists the directory's users by id.
func (s *Service) ListUsers(ctx context.Context, req *policyv1.ListUsersRequest) (*policyv1.ListUsersResponse, error) {
	users, next, err := listPage(ctx, s, req.Tenant, req.PageSize, req.PageToken, req.Query, s.store.ListUsers, (*policyv1.User).GetId)
	if err != nil {
		return nil, err
	}
	return &policyv1.ListUsersResponse{Users: users, NextPageToken: next}, nil
}

// UpdateUser changes the fields named by the mask.
func (s *Service) UpdateUser(ctx context.Context, req *policyv1.UpdateUserRequest) (*policyv1.UpdateUserResponse, error) {
	var after *policyv1.User
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		before, err := j.tx.GetUser(ctx, req.Tenant, req.User.Id)
		if err != nil {
			return storeError(err, "user", req.User.Id)
		}
		if req.User.Etag != "" && req.User.Etag != before.Etag {
			return apierror.EtagMismatch("user " + before.Id)
		}
		after = proto.Clone(before).(*policyv1.User)
		fieldmask.Apply(after, req.User, req.UpdateMask)
		after.Etag = before.Etag
		if err := s.checkUserRefs(ctx, j.tx, req.Tenant, after); err != nil {
			return err
		}
		if unchanged(before, after) {
			after = before
			return nil
		}
		return recordUserUpdate(ctx, j, before, after)
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.UpdateUserResponse{User: after}, nil
}

// DeleteUser removes a user and their memberships; the users they managed
// are left without a manager, each change audited.
func (s *Service) DeleteUser(ctx context.Context, req *policyv1.DeleteUserRequest) (*policyv1.DeleteUserResponse, error) {
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		before, err := j.tx.GetUser(ctx, req.Tenant, req.User)
		if err != nil {
			return storeError(err, "user", req.User)
		}
		return s.deleteUserIn(ctx, j, before)
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.DeleteUserResponse{}, nil
}

// deleteUserIn deletes user, audited: their memberships end and the users
// they managed are left without a manager, each change recorded.
func (s *Service) deleteUserIn(ctx context.Context, j *journal, user *policyv1.User) error {
	reports, err := j.tx.Reports(ctx, j.tenant, user.Id)
	if err != nil {
		return err
	}
	if err := s.recordMembershipsEnding(ctx, j, store.Member{Kind: store.UserMember, ID: user.Id}); err != nil {
		return err
	}
	for _, report := range reports {
		after := proto.Clone(report).(*policyv1.User)
		after.Manager = ""
		if err := recordUserUpdate(ctx, j, report, after); err != nil {
			return err
		}
	}
	return j.record(ctx, userResource(j.tenant, user.Id), policyv1.Change_DELETE, user, func(int64) (proto.Message, error) {
		return nil, j.tx.DeleteUser(ctx, j.tenant, user.Id)
	})
}

// recordUserUpdate writes a user's new version, after, with its audit and
// change-log entries; it stamps the update time and the new etag.
func recordUserUpdate(ctx context.Context, j *journal, before, after *policyv1.User) error {
	after.UpdateTime = timestamppb.New(j.now)
	return j.record(ctx, userResource(j.tenant, after.Id), policyv1.Change_UPDATE, before, func(rev int64) (proto.Message, error) {
		after.Etag = store.Etag(rev)
		if err := j.tx.UpdateUser(ctx, j.tenant, after, rev); err != nil {
			return nil, emailConflict(err, after)
		}
		return after, nil
	})
}
