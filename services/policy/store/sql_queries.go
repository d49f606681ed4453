package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// queries implements Reader over the read pool or a transaction.
type queries struct {
	sqlstore.Conn
}

// fromMicros converts a stored time (microseconds since the epoch).
func fromMicros(us int64) *timestamppb.Timestamp { return timestamppb.New(time.UnixMicro(us)) }

// Etag is the etag of a resource last changed at revision.
func Etag(revision int64) string { return strconv.FormatInt(revision, 10) }

func (r queries) GetTenant(ctx context.Context, id string) (*policyv1.Tenant, error) {
	t := &policyv1.Tenant{Id: id}
	var created int64
	err := r.QueryRow(ctx, `SELECT display_name, cloud, data_location, create_time FROM tenants WHERE id = ?`, id).
		Scan(&t.DisplayName, &t.Cloud, &t.DataLocation, &created)
	if err != nil {
		return nil, sqlstore.NotFound(err)
	}
	t.CreateTime = fromMicros(created)
	return t, nil
}

const userColumns = `id, email, mailbox_policy, manager, profile, create_time, update_time, revision`

func scanUser(row sqlstore.Scanner) (*policyv1.User, error) {
	var (
		id, email, policy, manager string
		profile                    []byte
		created, updated, revision int64
	)
	if err := row.Scan(&id, &email, &policy, &manager, &profile, &created, &updated, &revision); err != nil {
		return nil, err
	}
	u := &policyv1.User{}
	if err := proto.Unmarshal(profile, u); err != nil {
		return nil, err
	}
	u.Id, u.Email, u.MailboxPolicy, u.Manager = id, email, policy, manager
	u.CreateTime, u.UpdateTime, u.Etag = fromMicros(created), fromMicros(updated), Etag(revision)
	return u, nil
}

func (r queries) GetUser(ctx context.Context, tenant, id string) (*policyv1.User, error) {
	u, err := scanUser(r.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE tenant = ? AND id = ?`, tenant, id))
	return u, sqlstore.NotFound(err)
}

func (r queries) UserByEmail(ctx context.Context, tenant, email string) (*policyv1.User, error) {
	u, err := scanUser(r.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE tenant = ? AND lower(email) = lower(?)`, tenant, email))
	return u, sqlstore.NotFound(err)
}

func (r queries) CountReports(ctx context.Context, tenant, manager string) (int, error) {
	var n int
	err := r.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE tenant = ? AND manager = ?`, tenant, manager).Scan(&n)
	return n, err
}

func (r queries) Reports(ctx context.Context, tenant, manager string) ([]*policyv1.User, error) {
	rows, err := r.Query(ctx, `SELECT `+userColumns+` FROM users WHERE tenant = ? AND manager = ? ORDER BY id`, tenant, manager)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanUser)
}

func (r queries) UsersOnPolicy(ctx context.Context, tenant, policy string) ([]*policyv1.User, error) {
	rows, err := r.Query(ctx, `SELECT `+userColumns+` FROM users WHERE tenant = ? AND mailbox_policy = ? ORDER BY id`, tenant, policy)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanUser)
}

func (r queries) GroupsWith(ctx context.Context, tenant string, m Member) ([]string, error) {
	rows, err := r.Query(ctx, `SELECT group_id FROM group_members WHERE tenant = ? AND member_kind = ? AND member_id = ? ORDER BY group_id`,
		tenant, m.Kind, m.ID)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanString)
}

func (r queries) ListUsers(ctx context.Context, tenant string, page Page) ([]*policyv1.User, error) {
	rows, err := r.Query(ctx, `SELECT `+userColumns+` FROM users
		WHERE tenant = ? AND id > ? AND search_key LIKE ? ESCAPE '\' ORDER BY id LIMIT ?`,
		tenant, page.After, containsPattern(page.Query), page.Limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanUser)
}

const groupColumns = `id, display_name, type, description, create_time, revision`

func scanGroup(row sqlstore.Scanner) (*policyv1.Group, error) {
	g := &policyv1.Group{}
	var created, revision int64
	if err := row.Scan(&g.Id, &g.DisplayName, &g.Type, &g.Description, &created, &revision); err != nil {
		return nil, err
	}
	g.CreateTime, g.Etag = fromMicros(created), Etag(revision)
	return g, nil
}

func (r queries) GetGroup(ctx context.Context, tenant, id string) (*policyv1.Group, error) {
	g, err := scanGroup(r.QueryRow(ctx, `SELECT `+groupColumns+` FROM directory_groups WHERE tenant = ? AND id = ?`, tenant, id))
	return g, sqlstore.NotFound(err)
}

func (r queries) ListGroups(ctx context.Context, tenant string, page Page) ([]*policyv1.Group, error) {
	rows, err := r.Query(ctx, `SELECT `+groupColumns+` FROM directory_groups
		WHERE tenant = ? AND id > ? AND search_key LIKE ? ESCAPE '\' ORDER BY id LIMIT ?`,
		tenant, page.After, containsPattern(page.Query), page.Limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanGroup)
}

func scanMember(row sqlstore.Scanner) (Member, error) {
	var m Member
	err := row.Scan(&m.Kind, &m.ID)
	return m, err
}

func (r queries) Members(ctx context.Context, tenant, group string) ([]Member, error) {
	rows, err := r.Query(ctx, `SELECT member_kind, member_id FROM group_members
		WHERE tenant = ? AND group_id = ? ORDER BY member_kind DESC, member_id`, tenant, group)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanMember)
}

func (r queries) Subgroups(ctx context.Context, tenant, group string) ([]string, error) {
	rows, err := r.Query(ctx, `WITH RECURSIVE nested(id) AS (
			SELECT member_id FROM group_members WHERE tenant = ? AND group_id = ? AND member_kind = 'groups'
			UNION
			SELECT m.member_id FROM group_members m JOIN nested n ON m.group_id = n.id
			WHERE m.tenant = ? AND m.member_kind = 'groups'
		) SELECT id FROM nested ORDER BY id`, tenant, group, tenant)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanString)
}

func (r queries) GroupReferences(ctx context.Context, tenant, group string) ([]string, error) {
	rows, err := r.Query(ctx, `
		SELECT 'linkedinSettings.selectedGroup' FROM linkedin_settings WHERE tenant = ? AND selected_group = ?
		UNION ALL
		SELECT 'clientPolicy.groupOverrides' FROM client_policy_overrides WHERE tenant = ? AND group_id = ?`,
		tenant, group, tenant, group)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanString)
}

func scanString(row sqlstore.Scanner) (string, error) {
	var s string
	err := row.Scan(&s)
	return s, err
}

func (r queries) GetLinkedInSettings(ctx context.Context, tenant string) (*policyv1.LinkedInSettings, error) {
	s := &policyv1.LinkedInSettings{}
	var (
		mode, direction   sql.NullInt32
		revision, updated int64
	)
	err := r.QueryRow(ctx, `SELECT mode, selected_group, max_consent_direction, revision, update_actor, update_time
		FROM linkedin_settings WHERE tenant = ?`, tenant).
		Scan(&mode, &s.SelectedGroup, &direction, &revision, &s.UpdateActor, &updated)
	if err != nil {
		return nil, sqlstore.NotFound(err)
	}
	s.Mode = policyv1.LinkedInSettings_Mode(mode.Int32)
	s.MaxConsentDirection = typev1.ConsentDirection(direction.Int32)
	s.Etag, s.UpdateTime = Etag(revision), fromMicros(updated)
	return s, nil
}

func (r queries) GetClientPolicy(ctx context.Context, tenant string) (*policyv1.ClientPolicy, error) {
	p := &policyv1.ClientPolicy{}
	var revision, updated int64
	err := r.QueryRow(ctx, `SELECT setting, revision, update_actor, update_time FROM client_policies WHERE tenant = ?`, tenant).
		Scan(&p.Setting, &revision, &p.UpdateActor, &updated)
	if err != nil {
		return nil, sqlstore.NotFound(err)
	}
	p.Etag, p.UpdateTime = Etag(revision), fromMicros(updated)
	rows, err := r.Query(ctx, `SELECT group_id, setting FROM client_policy_overrides WHERE tenant = ? ORDER BY seq`, tenant)
	if err != nil {
		return nil, err
	}
	p.GroupOverrides, err = sqlstore.Collect(rows, func(row sqlstore.Scanner) (*policyv1.ClientPolicy_GroupOverride, error) {
		o := &policyv1.ClientPolicy_GroupOverride{}
		return o, row.Scan(&o.Group, &o.Setting)
	})
	return p, err
}

const mailboxPolicyColumns = `id, linkedin_contact_sync_enabled, is_default, revision, update_actor, update_time`

func scanMailboxPolicy(row sqlstore.Scanner) (*policyv1.MailboxPolicy, error) {
	p := &policyv1.MailboxPolicy{}
	var (
		enabled           bool
		revision, updated int64
	)
	if err := row.Scan(&p.Id, &enabled, &p.IsDefault, &revision, &p.UpdateActor, &updated); err != nil {
		return nil, err
	}
	p.LinkedinContactSyncEnabled = &enabled
	p.Etag, p.UpdateTime = Etag(revision), fromMicros(updated)
	return p, nil
}

func (r queries) GetMailboxPolicy(ctx context.Context, tenant, id string) (*policyv1.MailboxPolicy, error) {
	p, err := scanMailboxPolicy(r.QueryRow(ctx, `SELECT `+mailboxPolicyColumns+` FROM mailbox_policies WHERE tenant = ? AND id = ?`, tenant, id))
	return p, sqlstore.NotFound(err)
}

func (r queries) ListMailboxPolicies(ctx context.Context, tenant string, page Page) ([]*policyv1.MailboxPolicy, error) {
	rows, err := r.Query(ctx, `SELECT `+mailboxPolicyColumns+` FROM mailbox_policies WHERE tenant = ? AND id > ? ORDER BY id LIMIT ?`,
		tenant, page.After, page.Limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanMailboxPolicy)
}
