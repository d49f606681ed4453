// Package store is the policy service's storage: one interface per
// aggregate, implemented once in SQL for embedded SQLite and PostgreSQL and
// held to the same behaviour by the conformance suite in storetest.
//
// Resources are the API's own messages. Every write happens in a Tx that
// also appends to the change log and the audit log, so a change, its audit
// entry and its change-log entry commit together or not at all.
package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// Errors the store returns; the service maps them to API errors.
var (
	ErrNotFound      = sqlstore.ErrNotFound
	ErrAlreadyExists = sqlstore.ErrAlreadyExists
)

// Page selects up to Limit items whose key sorts after After.
type Page struct {
	After string
	Limit int
	// Query, when set, keeps only the items whose id, email or name
	// contains it, whatever the case.
	Query string
}

// Member is a direct member of a group.
type Member struct {
	// Kind is "users" or "groups".
	Kind string
	// ID is the user or group id.
	ID string
}

// Member kinds.
const (
	UserMember  = "users"
	GroupMember = "groups"
)

// String is the API form, "users/alice" or "groups/pilot".
func (m Member) String() string { return m.Kind + "/" + m.ID }

// ParseMember reads "users/{id}" or "groups/{id}".
func ParseMember(s string) (Member, error) {
	kind, id, ok := strings.Cut(s, "/")
	if !ok || id == "" || strings.Contains(id, "/") || (kind != UserMember && kind != GroupMember) {
		return Member{}, fmt.Errorf(`must be "users/{id}" or "groups/{id}"`)
	}
	return Member{Kind: kind, ID: id}, nil
}

// TenantReader reads tenants.
type TenantReader interface {
	GetTenant(ctx context.Context, id string) (*policyv1.Tenant, error)
}

// DirectoryReader reads users and groups.
type DirectoryReader interface {
	GetUser(ctx context.Context, tenant, id string) (*policyv1.User, error)
	ListUsers(ctx context.Context, tenant string, page Page) ([]*policyv1.User, error)
	// UserByEmail finds the user whose primary email is email, compared
	// case-insensitively.
	UserByEmail(ctx context.Context, tenant, email string) (*policyv1.User, error)
	// CountReports counts the users whose manager is the given user.
	CountReports(ctx context.Context, tenant, manager string) (int, error)
	// Reports lists the users whose manager is the given user, by id.
	Reports(ctx context.Context, tenant, manager string) ([]*policyv1.User, error)
	// GroupsWith lists the groups that have m as a direct member, by id.
	GroupsWith(ctx context.Context, tenant string, m Member) ([]string, error)
	GetGroup(ctx context.Context, tenant, id string) (*policyv1.Group, error)
	ListGroups(ctx context.Context, tenant string, page Page) ([]*policyv1.Group, error)
	// Members lists a group's direct members, ordered.
	Members(ctx context.Context, tenant, group string) ([]Member, error)
	// Subgroups lists every group nested in group, at any depth.
	Subgroups(ctx context.Context, tenant, group string) ([]string, error)
	// GroupReferences names the settings that refer to group.
	GroupReferences(ctx context.Context, tenant, group string) ([]string, error)
}

// SettingsReader reads the tenant-wide settings. LinkedIn settings come back
// as stored: MODE_UNSPECIFIED and CONSENT_DIRECTION_UNSPECIFIED mean "the
// default"; the service resolves defaults. Etags are the revision of the
// last change.
type SettingsReader interface {
	GetLinkedInSettings(ctx context.Context, tenant string) (*policyv1.LinkedInSettings, error)
	GetClientPolicy(ctx context.Context, tenant string) (*policyv1.ClientPolicy, error)
}

// MailboxPolicyReader reads mailbox policies.
type MailboxPolicyReader interface {
	GetMailboxPolicy(ctx context.Context, tenant, id string) (*policyv1.MailboxPolicy, error)
	ListMailboxPolicies(ctx context.Context, tenant string, page Page) ([]*policyv1.MailboxPolicy, error)
	// UsersOnPolicy lists the users assigned the mailbox policy, by id.
	UsersOnPolicy(ctx context.Context, tenant, policy string) ([]*policyv1.User, error)
}

// Reader is every read.
type Reader interface {
	TenantReader
	DirectoryReader
	SettingsReader
	MailboxPolicyReader
	// GetErasure reads a data-subject erasure, ActiveErasure the one of a
	// person under way (erasures.go).
	GetErasure(ctx context.Context, tenant, id string) (*Erasure, error)
	ActiveErasure(ctx context.Context, tenant, subject string) (*Erasure, error)
}

// Tx is a write transaction. Each change is announced with Record first,
// which yields its revision; the resource is written with that revision,
// then Audit stores the before and after.
type Tx interface {
	Reader
	Record(ctx context.Context, change *policyv1.Change) (int64, error)
	Audit(ctx context.Context, event *policyv1.AuditEvent) error

	CreateTenant(ctx context.Context, t *policyv1.Tenant) error

	// CreateUser and UpdateUser write u as of revision, its etag.
	CreateUser(ctx context.Context, tenant string, u *policyv1.User, revision int64) error
	UpdateUser(ctx context.Context, tenant string, u *policyv1.User, revision int64) error
	DeleteUser(ctx context.Context, tenant, id string) error
	// CreateGroup writes g as of revision, its etag.
	CreateGroup(ctx context.Context, tenant string, g *policyv1.Group, revision int64) error
	DeleteGroup(ctx context.Context, tenant, id string) error
	AddMember(ctx context.Context, tenant, group string, m Member) error
	RemoveMember(ctx context.Context, tenant, group string, m Member) error
	// TouchGroup gives group the revision of a change to its members: its
	// etag covers them. A group that is gone is left alone.
	TouchGroup(ctx context.Context, tenant, group string, revision int64) error

	PutLinkedInSettings(ctx context.Context, tenant string, s *policyv1.LinkedInSettings, revision int64) error
	PutClientPolicy(ctx context.Context, tenant string, p *policyv1.ClientPolicy, revision int64) error

	PutMailboxPolicy(ctx context.Context, tenant string, p *policyv1.MailboxPolicy, revision int64) error
	DeleteMailboxPolicy(ctx context.Context, tenant, id string) error

	// PseudonymiseAudit and PseudonymiseRest put pseudonym in place of
	// user in the history: the audit log, batch by batch, then the change
	// log and update actors (pseudonymise.go).
	PseudonymiseAudit(ctx context.Context, tenant, user, pseudonym string, before int64, limit int) (next, changed int64, err error)
	PseudonymiseRest(ctx context.Context, tenant, user, pseudonym string) error
	// PutErasure writes a data-subject erasure (erasures.go).
	PutErasure(ctx context.Context, e *Erasure) error
	// Platform is the transaction as the platform sees it (jobs).
	Platform() *sqlstore.Tx
}

// Store is the policy service's storage.
type Store interface {
	Reader
	// Write runs fn in one transaction, committed when fn returns nil.
	Write(ctx context.Context, fn func(Tx) error) error
	// Snapshot reads, consistently, all a tenant's decisions depend on.
	Snapshot(ctx context.Context, tenant string) (*Snapshot, error)
	// Log is the change log, which Record appends to.
	Log() *changelog.Log
	// DB is the database, for the job queue.
	DB() *sqlstore.DB
	// ListAuditEvents lists a tenant's audit events with revision below
	// before (0: from the newest), newest first.
	ListAuditEvents(ctx context.Context, tenant string, before int64, limit int) ([]*policyv1.AuditEvent, error)
	// Ping checks the store answers.
	Ping(ctx context.Context) error
	Close() error
}

// Snapshot is one tenant's decision inputs at one revision.
type Snapshot struct {
	// Revision is the change-log head the snapshot reflects.
	Revision int64
	Tenant   *policyv1.Tenant
	// LinkedIn settings as stored (defaults unresolved).
	LinkedIn *policyv1.LinkedInSettings
	Client   *policyv1.ClientPolicy
	// ContactSync maps mailbox policy ids to their contact-sync switch.
	ContactSync map[string]bool
	// DefaultMailboxPolicy is the id of the tenant's default policy.
	DefaultMailboxPolicy string
	// UserMailboxPolicy maps every user id to its assigned mailbox policy,
	// "" when it follows the default.
	UserMailboxPolicy map[string]string
	// Members maps group ids to their direct members.
	Members map[string][]Member
}
