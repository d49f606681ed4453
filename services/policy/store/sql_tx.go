package store

import (
	"context"
	"database/sql"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// sqlTx implements Tx over one database transaction.
type sqlTx struct {
	queries
	tx  *sqlstore.Tx
	log *changelog.Log
}

func (t sqlTx) Platform() *sqlstore.Tx { return t.tx }

func (t sqlTx) Record(ctx context.Context, c *policyv1.Change) (int64, error) {
	return t.log.Append(ctx, t.tx, changelog.Entry{
		Tenant: c.Tenant, Resource: c.Resource, Kind: int32(c.Operation), Time: c.Time.AsTime(),
	})
}

func (t sqlTx) Audit(ctx context.Context, e *policyv1.AuditEvent) error {
	before, err := structJSON(e.Before)
	if err != nil {
		return err
	}
	after, err := structJSON(e.After)
	if err != nil {
		return err
	}
	// The event takes its tenant and time from the change; with no change
	// at that revision nothing is inserted, which must not pass silently.
	return sqlstore.Affected(t.Exec(ctx, `INSERT INTO audit_events (revision, tenant, time, actor, action, resource, before_json, after_json, request_id)
		SELECT revision, tenant, time, ?, ?, ?, ?, ?, ? FROM changelog WHERE revision = ?`,
		e.Actor, e.Action, e.Resource, before, after, e.RequestId, e.Revision))
}

// structJSON stores an optional Struct as JSON text, NULL when absent.
func structJSON(s *structpb.Struct) (sql.NullString, error) {
	if s == nil {
		return sql.NullString{}, nil
	}
	b, err := protojson.Marshal(s)
	return sql.NullString{String: string(b), Valid: true}, err
}

func (t sqlTx) CreateTenant(ctx context.Context, tn *policyv1.Tenant) error {
	_, err := t.Exec(ctx, `INSERT INTO tenants (id, display_name, cloud, data_location, create_time) VALUES (?, ?, ?, ?, ?)`,
		tn.Id, tn.DisplayName, int32(tn.Cloud), tn.DataLocation, tn.CreateTime.AsTime().UnixMicro())
	return sqlstore.Conflict(err)
}

// userProfile is the stored blob: the user without the columns.
func userProfile(u *policyv1.User) ([]byte, error) {
	p := proto.Clone(u).(*policyv1.User)
	p.Id, p.Email, p.MailboxPolicy, p.Manager, p.CreateTime, p.UpdateTime, p.Etag = "", "", "", "", nil, nil, ""
	return proto.Marshal(p)
}

func (t sqlTx) CreateUser(ctx context.Context, tenant string, u *policyv1.User, revision int64) error {
	profile, err := userProfile(u)
	if err != nil {
		return err
	}
	_, err = t.Exec(ctx, `INSERT INTO users (tenant, id, email, mailbox_policy, manager, profile, create_time, update_time, search_key, revision)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tenant, u.Id, u.Email, u.MailboxPolicy, u.Manager, profile, u.CreateTime.AsTime().UnixMicro(), u.UpdateTime.AsTime().UnixMicro(),
		userSearchKey(u), revision)
	return sqlstore.Conflict(err)
}

func (t sqlTx) UpdateUser(ctx context.Context, tenant string, u *policyv1.User, revision int64) error {
	profile, err := userProfile(u)
	if err != nil {
		return err
	}
	res, err := t.Exec(ctx, `UPDATE users SET email = ?, mailbox_policy = ?, manager = ?, profile = ?, update_time = ?, search_key = ?, revision = ?
		WHERE tenant = ? AND id = ?`,
		u.Email, u.MailboxPolicy, u.Manager, profile, u.UpdateTime.AsTime().UnixMicro(), userSearchKey(u), revision, tenant, u.Id)
	return sqlstore.Conflict(sqlstore.Affected(res, err))
}

func (t sqlTx) DeleteUser(ctx context.Context, tenant, id string) error {
	if _, err := t.Exec(ctx, `DELETE FROM group_members WHERE tenant = ? AND member_kind = 'users' AND member_id = ?`, tenant, id); err != nil {
		return err
	}
	return sqlstore.Affected(t.Exec(ctx, `DELETE FROM users WHERE tenant = ? AND id = ?`, tenant, id))
}

func (t sqlTx) CreateGroup(ctx context.Context, tenant string, g *policyv1.Group, revision int64) error {
	_, err := t.Exec(ctx, `INSERT INTO directory_groups (tenant, id, display_name, type, description, create_time, search_key, revision)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		tenant, g.Id, g.DisplayName, int32(g.Type), g.Description, g.CreateTime.AsTime().UnixMicro(), groupSearchKey(g), revision)
	return sqlstore.Conflict(err)
}

func (t sqlTx) DeleteGroup(ctx context.Context, tenant, id string) error {
	if _, err := t.Exec(ctx, `DELETE FROM group_members WHERE tenant = ? AND member_kind = 'groups' AND member_id = ?`, tenant, id); err != nil {
		return err
	}
	// The group's own member rows go with it (ON DELETE CASCADE).
	return sqlstore.Affected(t.Exec(ctx, `DELETE FROM directory_groups WHERE tenant = ? AND id = ?`, tenant, id))
}

func (t sqlTx) AddMember(ctx context.Context, tenant, group string, m Member) error {
	_, err := t.Exec(ctx, `INSERT INTO group_members (tenant, group_id, member_kind, member_id) VALUES (?, ?, ?, ?)`,
		tenant, group, m.Kind, m.ID)
	return sqlstore.Conflict(err)
}

func (t sqlTx) RemoveMember(ctx context.Context, tenant, group string, m Member) error {
	return sqlstore.Affected(t.Exec(ctx, `DELETE FROM group_members WHERE tenant = ? AND group_id = ? AND member_kind = ? AND member_id = ?`,
		tenant, group, m.Kind, m.ID))
}

func (t sqlTx) TouchGroup(ctx context.Context, tenant, group string, revision int64) error {
	_, err := t.Exec(ctx, `UPDATE directory_groups SET revision = ? WHERE tenant = ? AND id = ?`, revision, tenant, group)
	return err
}

// nullEnum stores an unspecified (zero) enum as NULL: "not set, use the
// default".
func nullEnum(v int32) sql.NullInt32 { return sql.NullInt32{Int32: v, Valid: v != 0} }

func (t sqlTx) PutLinkedInSettings(ctx context.Context, tenant string, s *policyv1.LinkedInSettings, revision int64) error {
	args := []any{nullEnum(int32(s.Mode)), s.SelectedGroup, nullEnum(int32(s.MaxConsentDirection)), revision, s.UpdateActor, s.UpdateTime.AsTime().UnixMicro()}
	res, err := t.Exec(ctx, `UPDATE linkedin_settings SET mode = ?, selected_group = ?, max_consent_direction = ?,
		revision = ?, update_actor = ?, update_time = ? WHERE tenant = ?`, append(args, tenant)...)
	if err := sqlstore.Affected(res, err); err != ErrNotFound {
		return err
	}
	_, err = t.Exec(ctx, `INSERT INTO linkedin_settings (mode, selected_group, max_consent_direction, revision, update_actor, update_time, tenant)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, append(args, tenant)...)
	return err
}

func (t sqlTx) PutClientPolicy(ctx context.Context, tenant string, p *policyv1.ClientPolicy, revision int64) error {
	args := []any{int32(p.Setting), revision, p.UpdateActor, p.UpdateTime.AsTime().UnixMicro(), tenant}
	res, err := t.Exec(ctx, `UPDATE client_policies SET setting = ?, revision = ?, update_actor = ?, update_time = ? WHERE tenant = ?`, args...)
	if err := sqlstore.Affected(res, err); err == ErrNotFound {
		if _, err := t.Exec(ctx, `INSERT INTO client_policies (setting, revision, update_actor, update_time, tenant) VALUES (?, ?, ?, ?, ?)`, args...); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if _, err := t.Exec(ctx, `DELETE FROM client_policy_overrides WHERE tenant = ?`, tenant); err != nil {
		return err
	}
	for i, o := range p.GroupOverrides {
		if _, err := t.Exec(ctx, `INSERT INTO client_policy_overrides (tenant, seq, group_id, setting) VALUES (?, ?, ?, ?)`,
			tenant, i, o.Group, int32(o.Setting)); err != nil {
			return sqlstore.Conflict(err)
		}
	}
	return nil
}

func (t sqlTx) PutMailboxPolicy(ctx context.Context, tenant string, p *policyv1.MailboxPolicy, revision int64) error {
	if p.IsDefault {
		// Moving the default: clear the old one first so the one-default
		// index holds at every statement.
		if _, err := t.Exec(ctx, `UPDATE mailbox_policies SET is_default = ? WHERE tenant = ? AND is_default AND id <> ?`,
			false, tenant, p.Id); err != nil {
			return err
		}
	}
	args := []any{p.GetLinkedinContactSyncEnabled(), p.IsDefault, revision, p.UpdateActor, p.UpdateTime.AsTime().UnixMicro(), tenant, p.Id}
	res, err := t.Exec(ctx, `UPDATE mailbox_policies SET linkedin_contact_sync_enabled = ?, is_default = ?, revision = ?,
		update_actor = ?, update_time = ? WHERE tenant = ? AND id = ?`, args...)
	if err := sqlstore.Affected(res, err); err != ErrNotFound {
		return err
	}
	_, err = t.Exec(ctx, `INSERT INTO mailbox_policies (linkedin_contact_sync_enabled, is_default, revision, update_actor, update_time, tenant, id)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, args...)
	return sqlstore.Conflict(err)
}

func (t sqlTx) DeleteMailboxPolicy(ctx context.Context, tenant, id string) error {
	if _, err := t.Exec(ctx, `UPDATE users SET mailbox_policy = '' WHERE tenant = ? AND mailbox_policy = ?`, tenant, id); err != nil {
		return err
	}
	return sqlstore.Affected(t.Exec(ctx, `DELETE FROM mailbox_policies WHERE tenant = ? AND id = ?`, tenant, id))
}
