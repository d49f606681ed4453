// Package app wires the contact-sync service into a runnable binary: its
// settings, and the serve and migrate commands.
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
	"github.com/liaisonhq/liaison/services/contactsync"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"github.com/liaisonhq/liaison/services/contactsync/store/migrations"
	"github.com/liaisonhq/liaison/services/linkedin"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"google.golang.org/grpc"
)

// Settings are the contact-sync service's settings.
type Settings struct {
	config.Common
	// PolicyAddr and ConsentAddr are the gRPC addresses of the services
	// whose changes decide who may sync.
	PolicyAddr  string
	ConsentAddr string
	// LinkedInAPIURL is the network's API (the simulator in development).
	LinkedInAPIURL  string
	LinkedInTimeout time.Duration
	// SyncInterval is the time between a mailbox's periodic syncs.
	SyncInterval time.Duration
	// Workers bounds the syncs one replica runs at once.
	Workers int
	// TenantRate and TenantBurst bound each tenant's calls to the network.
	TenantRate  float64
	TenantBurst int
	// TombstoneRetention is how long the client delta remembers deletions.
	TombstoneRetention time.Duration
}

// Defaults returns the contact-sync service's default settings.
func Defaults() *Settings {
	return &Settings{
		Common:          config.DefaultCommon("contact-sync", ":9103"),
		PolicyAddr:      "localhost:9101",
		ConsentAddr:     "localhost:9102",
		LinkedInAPIURL:  "http://localhost:8090",
		LinkedInTimeout: linkedin.DefaultTimeout,
		SyncInterval:    6 * time.Hour,
		Workers:         8,
		TenantRate:      20,
		TenantBurst:     40,
		// Microsoft Graph keeps a delta's state for about a week; a month
		// gives clients that sync rarely room.
		TombstoneRetention: 30 * 24 * time.Hour,
	}
}

// Bind registers the settings as flags.
func (s *Settings) Bind(fs *flag.FlagSet) {
	s.Common.Bind(fs)
	fs.StringVar(&s.PolicyAddr, "policy-addr", s.PolicyAddr, "policy service gRPC address")
	fs.StringVar(&s.ConsentAddr, "consent-addr", s.ConsentAddr, "consent service gRPC address")
	fs.StringVar(&s.LinkedInAPIURL, "linkedin-api-url", s.LinkedInAPIURL, "LinkedIn (or simulator) API base URL")
	fs.DurationVar(&s.LinkedInTimeout, "linkedin-timeout", s.LinkedInTimeout, "time limit of each call to LinkedIn")
	fs.DurationVar(&s.SyncInterval, "sync-interval", s.SyncInterval, "time between a mailbox's periodic syncs (each moved by up to a tenth either way)")
	fs.IntVar(&s.Workers, "workers", s.Workers, "most syncs one replica runs at once")
	fs.Float64Var(&s.TenantRate, "tenant-rate", s.TenantRate, "most calls to LinkedIn per tenant and second, per replica")
	fs.IntVar(&s.TenantBurst, "tenant-burst", s.TenantBurst, "calls to LinkedIn a tenant may make at once before tenant-rate applies")
	fs.DurationVar(&s.TombstoneRetention, "tombstone-retention", s.TombstoneRetention, "how long the contacts delta remembers deletions (an older sync token must start over)")
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	errs := []error{s.Common.Validate(), config.CheckHostPort("policy-addr", s.PolicyAddr), config.CheckHostPort("consent-addr", s.ConsentAddr)}
	if s.SyncInterval < time.Minute || s.SyncInterval > 7*24*time.Hour {
		errs = append(errs, fmt.Errorf("--sync-interval must be between 1m and 168h, got %s", s.SyncInterval))
	}
	if s.Workers < 1 || s.Workers > 256 {
		errs = append(errs, fmt.Errorf("--workers must be between 1 and 256, got %d", s.Workers))
	}
	if s.TenantRate <= 0 || s.TenantBurst < 1 {
		errs = append(errs, fmt.Errorf("--tenant-rate must be above 0 and --tenant-burst at least 1"))
	}
	if s.TombstoneRetention < time.Hour {
		errs = append(errs, fmt.Errorf("--tombstone-retention must be at least 1h, got %s", s.TombstoneRetention))
	}
	if s.LinkedInTimeout <= 0 {
		errs = append(errs, errors.New("--linkedin-timeout must be above 0"))
	}
	return errors.Join(errs...)
}

// Service is the contact-sync service.
var Service = service.Definition[*Settings, *store.SQL]{
	Name:       "contact-sync",
	Help:       "serve the ContactSyncService gRPC API and sync LinkedIn connections",
	Defaults:   Defaults,
	Access:     contactsync.AccessRules(),
	Rules:      contactsync.Rules(),
	Migrations: migrations.FS,
	Open: func(ctx context.Context, s *Settings) (*store.SQL, error) {
		return store.Open(ctx, s.DatabaseURL, s.AutoMigrate)
	},
	Build: build,
}

// build wires the service: LinkedIn's API, and its clients of policy and
// consent, which it calls as itself.
func build(_ context.Context, s *Settings, logger *slog.Logger, srv *grpc.Server) (func(context.Context, *store.SQL, service.Runtime) error, io.Closer, error) {
	network, err := linkedin.NewAPI(s.LinkedInAPIURL, linkedin.Config{
		Timeout: s.LinkedInTimeout, Transport: otelhttp.NewTransport(nil),
	})
	if err != nil {
		return nil, nil, err
	}
	policyConn, err := dial.Service(s.PolicyAddr, "policy", &s.Common)
	if err != nil {
		return nil, nil, err
	}
	consentConn, err := dial.Service(s.ConsentAddr, "consent", &s.Common)
	if err != nil {
		policyConn.Close()
		return nil, nil, err
	}
	svc := contactsync.New(contactsync.Options{
		Policy: policyv1.NewPolicyServiceClient(policyConn), Consent: consentv1.NewConsentServiceClient(consentConn),
		Network: network, SyncInterval: s.SyncInterval, Workers: s.Workers,
		TenantRate: s.TenantRate, TenantBurst: s.TenantBurst, TombstoneRetention: s.TombstoneRetention, Logger: logger,
	})
	contactsyncv1.RegisterContactSyncServiceServer(srv, svc)
	return func(ctx context.Context, st *store.SQL, rt service.Runtime) error {
		return svc.Start(ctx, st, rt.Go)
	}, service.Closers{policyConn, consentConn}, nil
}
