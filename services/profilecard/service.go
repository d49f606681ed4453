// Package profilecard implements liaison.profilecard.v1.ProfileCardService:
// a viewer's card of a person, the directory's facts enriched with the
// person's LinkedIn profile only when the viewer's policy and consent allow
// it and the person shows their profile.
//
// Nothing from LinkedIn is stored: profiles are read with the viewer's
// token (asked of consent per read, never kept) into a bounded cache in
// memory. The cache never outlives a withdrawal: every lookup first passes
// a read barrier on policy's and consent's change streams (views.go), and
// the network's member events forget the profiles of members who hide
// (member_events.go).
package profilecard

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"os"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"github.com/liaisonhq/liaison/services/linkedin"
)

// Network is the professional network as profile cards need it.
type Network interface {
	// Person reads the public profile of the member who verified email.
	Person(ctx context.Context, accessToken, email string) (*linkedin.Person, error)
	// MemberEvents reads the network's member events after a sequence
	// number, waiting up to wait for one.
	MemberEvents(ctx context.Context, subscriber string, after int64, wait time.Duration) (*linkedin.MemberEvents, error)
}

// Options are what the service needs.
type Options struct {
	Policy  policyv1.PolicyServiceClient
	Consent consentv1.ConsentServiceClient
	// Contacts reads the viewer's own contacts for people outside the
	// tenant; nil leaves them out.
	Contacts contactsyncv1.ContactSyncServiceClient
	Network  Network
	// CacheTTL is how long a LinkedIn profile (or a no-match) is kept in
	// memory; CacheSize bounds the entries of each cache.
	CacheTTL  time.Duration
	CacheSize int
	// ConnectURL is where a viewer starts connecting LinkedIn: the card's
	// first-click prompt links to it.
	ConnectURL string
	// LookupTimeout bounds the calls one lookup makes to other services
	// and the network; past it the LinkedIn section is
	// TEMPORARILY_UNAVAILABLE.
	LookupTimeout time.Duration
	Logger        *slog.Logger
}

// Service is the profile-card service.
type Service struct {
	profilecardv1.UnimplementedProfileCardServiceServer
	Options

	views    *views
	profiles *profiles
	members  *memberEvents
}

// New returns the service; Start follows the streams it depends on.
func New(opts Options) *Service {
	host, _ := os.Hostname()
	s := &Service{Options: opts}
	s.profiles = newProfiles(opts.CacheTTL, opts.CacheSize)
	s.views = newViews(opts.Policy, opts.Consent, opts.CacheSize, opts.LookupTimeout, opts.Logger)
	s.views.userGone = s.profiles.forgetTenant
	s.members = &memberEvents{
		network: opts.Network, profiles: s.profiles, logger: opts.Logger,
		// Each replica follows the events itself, under its own name, so
		// the network waits for every replica to forget a hidden member.
		subscriber: "profile-card/" + host + "/" + rand.Text()[:10],
	}
	return s
}

// Start follows policy's and consent's change streams and the network's
// member events until ctx ends.
func (s *Service) Start(ctx context.Context, background func(func())) {
	s.views.start(ctx, background)
	background(func() { s.members.run(ctx) })
}

// errLookupTimedOut ends a lookup's calls at LookupTimeout.
var errLookupTimedOut = errors.New("the lookup's calls took longer than its time limit")

// limit bounds ctx by the lookup's time limit, its end marked as
// errLookupTimedOut so that warn tells it from the caller's leaving.
func (s *Service) limit(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, s.LookupTimeout, errLookupTimedOut)
}

// warn logs a dependency's failure, unless the caller gave up: then the
// failure is the caller's leaving, not the dependency's.
func (s *Service) warn(ctx context.Context, msg string, args ...any) {
	if ctx.Err() == nil || errors.Is(context.Cause(ctx), errLookupTimedOut) {
		s.Logger.WarnContext(ctx, msg, args...)
	}
}
