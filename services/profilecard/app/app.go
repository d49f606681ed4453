// Package app wires the profile-card service into a runnable binary: its
// settings and the serve command. It keeps nothing on disk, so it has no
// database and no migrate.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/dial"
	"github.com/liaisonhq/liaison/platform/service"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"github.com/liaisonhq/liaison/services/linkedin"
	"github.com/liaisonhq/liaison/services/profilecard"
	"google.golang.org/grpc"
)

// Settings are the profile-card service's settings.
type Settings struct {
	config.Common
	// PolicyAddr, ConsentAddr and ContactSyncAddr are the gRPC addresses
	// of the services a card is made from; ContactSyncAddr may be empty.
	PolicyAddr      string
	ConsentAddr     string
	ContactSyncAddr string
	// AppSettings say where the network is and who we are to it (the
	// member-events feed is the application's).
	linkedin.AppSettings
	// CacheTTL and CacheSize bound what is kept in memory.
	CacheTTL  time.Duration
	CacheSize int
	// ConnectURL is where a card's Connect prompt leads.
	ConnectURL string
	// LookupTimeout bounds one lookup's calls.
	LookupTimeout time.Duration
}

// MaxCacheTTL is the longest a LinkedIn profile may be kept in memory.
const MaxCacheTTL = 24 * time.Hour

// Defaults returns the profile-card service's default settings.
func Defaults() *Settings {
	return &Settings{
		Common:          config.DefaultStatelessCommon("profile-card", ":9104"),
		PolicyAddr:      "localhost:9101",
		ConsentAddr:     "localhost:9102",
		ContactSyncAddr: "localhost:9103",
		AppSettings:     linkedin.DefaultAppSettings(),
		CacheTTL:        5 * time.Minute,
		CacheSize:       100_000,
		ConnectURL:      "/#/me/connect",
		LookupTimeout:   3 * time.Second,
	}
}

// Bind registers the settings as flags.
func (s *Settings) Bind(fs *flag.FlagSet) {
	s.Common.Bind(fs)
	fs.StringVar(&s.PolicyAddr, "policy-addr", s.PolicyAddr, "policy service gRPC address")
	fs.StringVar(&s.ConsentAddr, "consent-addr", s.ConsentAddr, "consent service gRPC address")
	fs.StringVar(&s.ContactSyncAddr, "contact-sync-addr", s.ContactSyncAddr, "contact-sync service gRPC address, for the viewer's own contacts on cards of people outside the tenant (empty: leave them out)")
	s.AppSettings.Bind(fs)
	fs.DurationVar(&s.CacheTTL, "cache-ttl", s.CacheTTL, "how long a LinkedIn profile (or a no-match) is kept in memory; at most 24h")
	fs.IntVar(&s.CacheSize, "cache-size", s.CacheSize, "most entries of each in-memory cache")
	fs.StringVar(&s.ConnectURL, "connect-url", s.ConnectURL, "where a card's Connect prompt leads (the console's connect page)")
	fs.DurationVar(&s.LookupTimeout, "lookup-timeout", s.LookupTimeout, "time limit of one lookup's calls; past it LinkedIn data is not shown")
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	errs := []error{s.Common.Validate(), config.CheckHostPort("policy-addr", s.PolicyAddr), config.CheckHostPort("consent-addr", s.ConsentAddr)}
	if s.ContactSyncAddr != "" {
		errs = append(errs, config.CheckHostPort("contact-sync-addr", s.ContactSyncAddr))
	}
	errs = append(errs, config.CheckHTTPURL("linkedin-url", s.LinkedInURL), config.CheckPositive("linkedin-timeout", s.LinkedInTimeout),
		config.CheckPositive("lookup-timeout", s.LookupTimeout))
	if s.CacheTTL <= 0 || s.CacheTTL > MaxCacheTTL {
		errs = append(errs, fmt.Errorf("--cache-ttl must be above 0 and at most 24h, got %s", s.CacheTTL))
	}
	if s.CacheSize < 1 {
		errs = append(errs, fmt.Errorf("--cache-size must be at least 1, got %d", s.CacheSize))
	}
	if s.ConnectURL == "" {
		errs = append(errs, errors.New("--connect-url is required"))
	}
	return errors.Join(errs...)
}

// Service is the profile-card service.
var Service = service.Definition[*Settings, service.NoStore]{
	Name:     "profile-card",
	Help:     "serve the ProfileCardService gRPC API",
	Defaults: Defaults,
	Access:   profilecard.AccessRules(),
	Rules:    profilecard.Rules(),
	Open:     service.OpenNoStore[*Settings],
	Build:    build,
}

// build wires the service: LinkedIn, and its clients of policy, consent and
// contact-sync, which it calls as itself.
func build(_ context.Context, s *Settings, logger *slog.Logger, srv *grpc.Server) (func(context.Context, service.NoStore, service.Runtime) error, io.Closer, error) {
	network, err := s.AppSettings.Client(s.Dev)
	if err != nil {
		return nil, nil, err
	}
	var conns service.Closers
	dialService := func(addr, name string) (*grpc.ClientConn, error) {
		conn, err := dial.Service(addr, name, &s.Common)
		if err == nil {
			conns = append(conns, conn)
		}
		return conn, err
	}
	policyConn, err := dialService(s.PolicyAddr, "policy")
	if err != nil {
		return nil, nil, err
	}
	consentConn, err := dialService(s.ConsentAddr, "consent")
	if err != nil {
		conns.Close()
		return nil, nil, err
	}
	opts := profilecard.Options{
		Policy: policyv1.NewPolicyServiceClient(policyConn), Consent: consentv1.NewConsentServiceClient(consentConn),
		Network: network, CacheTTL: s.CacheTTL, CacheSize: s.CacheSize, ConnectURL: s.ConnectURL,
		LookupTimeout: s.LookupTimeout, Logger: logger,
	}
	if s.ContactSyncAddr != "" {
		contactsConn, err := dialService(s.ContactSyncAddr, "contact-sync")
		if err != nil {
			conns.Close()
			return nil, nil, err
		}
		opts.Contacts = contactsyncv1.NewContactSyncServiceClient(contactsConn)
	}
	svc := profilecard.New(opts)
	profilecardv1.RegisterProfileCardServiceServer(srv, svc)
	return func(ctx context.Context, _ service.NoStore, rt service.Runtime) error {
		svc.Start(ctx, rt.Go)
		return nil
	}, conns, nil
}
