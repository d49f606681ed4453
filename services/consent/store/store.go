// Package store is the consent service's storage: account links with their
// sealed provider tokens, pending authorizations, the append-only consent
// ledger (which is also the service's change log), and the cursors of the
// change streams the service follows. One SQL implementation serves
// embedded SQLite and PostgreSQL; storetest holds both to the same
// behaviour.
//
// The store never sees a token in clear: tokens and PKCE verifiers arrive
// sealed (encrypted) and leave sealed.
package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// Errors the store returns; the service maps them to API errors.
var (
	ErrNotFound      = sqlstore.ErrNotFound
	ErrAlreadyExists = sqlstore.ErrAlreadyExists
	// ErrOtherBrowser is a pending authorization taken with a binding hash
	// that is not its own.
	ErrOtherBrowser = errors.New("store: the authorization was started in another browser")
)

// Link is a user's connection to a LinkedIn member and the grant in force.
type Link struct {
	Tenant   string
	User     string
	MemberID string
	// Direction is the consent in force.
	Direction typev1.ConsentDirection
	// Scopes are the scopes LinkedIn granted.
	Scopes []string
	// AccessToken and RefreshToken are sealed; TokenExpiry is the access
	// token's.
	AccessToken  []byte
	RefreshToken []byte
	TokenExpiry  time.Time
	// EverBidirectional records that both-ways consent was given at some
	// point, so disconnecting asks LinkedIn to delete imported contacts.
	EverBidirectional bool
	ConnectTime       time.Time
	UpdateTime        time.Time
	// Revision is the ledger revision of the link's last change.
	Revision int64
}

// PendingAuthorization is a started connection waiting for LinkedIn's
// callback. It is found by the hash of its state; the state itself is never
// stored.
type PendingAuthorization struct {
	StateHash   string
	Tenant      string
	User        string
	Direction   typev1.ConsentDirection
	RedirectURI string
	// BindingHash is the hash of the secret the starting browser holds in a
	// cookie: only that browser can complete the authorization.
	BindingHash string
	// CodeVerifier is the sealed PKCE verifier.
	CodeVerifier []byte
	CreateTime   time.Time
	ExpireTime   time.Time
}

// Counts are a tenant's connected users by direction.
type Counts struct {
	Total                  int64
	Bidirectional          int64
	LinkedInToOrganization int64
}

// Page selects up to Limit items whose key sorts after After.
type Page struct {
	After string
	Limit int
}

// Reader is every read, inside or outside a transaction.
type Reader interface {
	// GetLink returns the user's link, ErrNotFound when not connected.
	GetLink(ctx context.Context, tenant, user string) (*Link, error)
	// GetLinkByMember returns the tenant's link to a member.
	GetLinkByMember(ctx context.Context, tenant, memberID string) (*Link, error)
	// ListLinks lists a tenant's links ordered by user id.
	ListLinks(ctx context.Context, tenant string, page Page) ([]*Link, error)
	// LinksChangedAfter lists a tenant's links written after revision
	// (connected, reconnected or changed since), ordered by user id.
	LinksChangedAfter(ctx context.Context, tenant string, revision int64) ([]*Link, error)
	// LinkedTenants lists the tenants with at least one link.
	LinkedTenants(ctx context.Context) ([]string, error)
	// GetCleanup returns a revocation's remote steps; ErrNotFound when none.
	GetCleanup(ctx context.Context, id int64) (*Cleanup, error)
	// PendingCleanups lists up to limit of the user's cleanups with a step
	// still pending, newest first.
	PendingCleanups(ctx context.Context, tenant, user string, limit int) ([]*Cleanup, error)
	// UserEvents, UserCleanups and CountPending read what is kept about
	// one user, for a data-subject request (user_data.go).
	UserEvents(ctx context.Context, tenant, user string) ([]*consentv1.ConsentEvent, error)
	UserCleanups(ctx context.Context, tenant, user string) ([]*Cleanup, error)
	CountPending(ctx context.Context, tenant, user string) (int, error)
}

// Tx is a write transaction.
type Tx interface {
	Reader
	// AppendEvent adds a ledger event, whose Time must be set, and returns
	// its revision, which it also sets on the event.
	AppendEvent(ctx context.Context, e *consentv1.ConsentEvent) (int64, error)
	// PutLink creates or replaces the user's link, every field (so an update
	// carries ConnectTime over). A member already linked to another user of
	// the tenant is ErrAlreadyExists. Absent sealed values and scopes read
	// back as nil.
	PutLink(ctx context.Context, l *Link) error
	// UpdateLinkTokens stores a refreshed grant's sealed tokens, token
	// expiry and scopes on the user's link, and nothing else: a refresh is
	// no consent change, so the revision and update time stay. The link
	// must still be l.MemberID's; ErrNotFound when it is gone or another
	// member's.
	UpdateLinkTokens(ctx context.Context, l *Link) error
	// DeleteLink removes the user's link; ErrNotFound when there is none.
	DeleteLink(ctx context.Context, tenant, user string) error
	// CreatePending stores a started authorization; a state hash already
	// stored is ErrAlreadyExists.
	CreatePending(ctx context.Context, p *PendingAuthorization) error
	// TakePending removes and returns the authorization with that state
	// hash and binding hash, in one statement, so a state works once and
	// only for the browser that started it. ErrNotFound when no
	// authorization has the state hash; ErrOtherBrowser when one has but
	// not that binding hash (an empty one matches none), and it stays as
	// it was. Expired ones are returned too: the caller checks ExpireTime.
	TakePending(ctx context.Context, stateHash, bindingHash string) (*PendingAuthorization, error)
	// TrimPending removes the user's authorizations but the keep newest
	// and says how many it removed.
	TrimPending(ctx context.Context, tenant, user string, keep int) (int64, error)
	// DeleteExpiredPending removes authorizations that expired before t and
	// says how many.
	DeleteExpiredPending(ctx context.Context, t time.Time) (int64, error)
	// CreateCleanup stores the remote steps of a revocation and sets c.ID.
	CreateCleanup(ctx context.Context, c *Cleanup) error
	// UpdateCleanup stores a cleanup's progress; ErrNotFound when gone.
	UpdateCleanup(ctx context.Context, c *Cleanup) error
	// Platform is the transaction as the platform's tables see it: a
	// follower's cursor commits with the effects of its batch through it.
	Platform() *sqlstore.Tx
	// DeletePendingOf and Pseudonymise erase a user (user_data.go).
	DeletePendingOf(ctx context.Context, tenant, user string) error
	Pseudonymise(ctx context.Context, tenant, user, pseudonym string) (int64, error)
}

// Store is the consent service's storage.
type Store interface {
	Reader
	// Write runs fn in one transaction, committed when fn returns nil.
	Write(ctx context.Context, fn func(Tx) error) error
	// CountLinks counts a tenant's links by direction.
	CountLinks(ctx context.Context, tenant string) (Counts, error)
	// ListEvents lists a tenant's ledger with revision below before (0: from
	// the newest), newest first.
	ListEvents(ctx context.Context, tenant string, before int64, limit int) ([]*consentv1.ConsentEvent, error)
	// Events lists up to limit events after a revision, of one tenant or,
	// with tenant empty, of all, in revision order.
	Events(ctx context.Context, after int64, tenant string, limit int) ([]*consentv1.ConsentEvent, error)
	// Log is the change log; every entry is a ledger event of the same
	// revision.
	Log() *changelog.Log
	// DB is the database, for the platform's tables.
	DB() *sqlstore.DB
	// Ping checks the store answers.
	Ping(ctx context.Context) error
	Close() error
}

// UserResource names a user's consent in the change log: "users/{id}".
func UserResource(user string) string { return "users/" + user }

// UserOfResource is the user a change-log resource names, or "" for any
// other resource.
func UserOfResource(resource string) string {
	if user, ok := strings.CutPrefix(resource, "users/"); ok {
		return user
	}
	return ""
}
