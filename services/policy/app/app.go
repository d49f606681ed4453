// Package app defines the policy service once (service.Definition): its
// settings, its wiring, and the serve, migrate and seed-demo commands. The
// binary, the service's tests and the tests of the services that call it all
// run it from here.
package app

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"sync"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/cli"
	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/dial"
	"github.com/liaisonhq/liaison/platform/service"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy"
	"github.com/liaisonhq/liaison/services/policy/demo"
	"github.com/liaisonhq/liaison/services/policy/store"
	"github.com/liaisonhq/liaison/services/policy/store/migrations"
	"google.golang.org/grpc"
)

// Settings are the policy service's settings.
type Settings struct {
	config.Common
	// ContactSyncAddr is the contact-sync service's gRPC address, which the
	// impact preview asks how many synced contacts a change would delete
	// (empty leaves the number out), and data-subject requests ask for
	// their part.
	ContactSyncAddr string
	// ConsentAddr is the consent service's gRPC address, for the consent
	// part of data-subject requests; empty turns them off.
	ConsentAddr string
}

// Defaults returns the policy service's default settings.
func Defaults() *Settings {
	return &Settings{Common: config.DefaultCommon("policy", ":9101")}
}

// Bind registers the settings as flags.
func (s *Settings) Bind(fs *flag.FlagSet) {
	s.Common.Bind(fs)
	fs.StringVar(&s.ContactSyncAddr, "contact-sync-addr", s.ContactSyncAddr,
		"contact-sync service gRPC address, for the impact preview's count of contacts to delete and data-subject requests (empty: no count)")
	fs.StringVar(&s.ConsentAddr, "consent-addr", s.ConsentAddr,
		"consent service gRPC address, for data-subject requests (empty: no export or erasure)")
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	errs := []error{s.Common.Validate()}
	if s.ContactSyncAddr != "" {
		errs = append(errs, config.CheckHostPort("contact-sync-addr", s.ContactSyncAddr))
	}
	if s.ConsentAddr != "" {
		errs = append(errs, config.CheckHostPort("consent-addr", s.ConsentAddr))
	}
	return errors.Join(errs...)
}

// Service is the policy service.
var Service = service.Definition[*Settings, *store.SQL]{
	Name:       "policy",
	Help:       "serve the PolicyService gRPC API",
	Defaults:   Defaults,
	Access:     policy.AccessRules(),
	Rules:      policy.Rules(),
	Migrations: migrations.FS,
	Open: func(ctx context.Context, s *Settings) (*store.SQL, error) {
		return store.Open(ctx, s.DatabaseURL, s.AutoMigrate)
	},
	Build: build,
	Commands: []cli.Command[*Settings]{
		{Name: "seed-demo", Help: "load the demo tenants contoso and gov unless present, and exit", Run: SeedDemo},
	},
}

// build wires the service, with its clients of contact-sync and consent
// when configured (dialled lazily: both start after policy).
func build(_ context.Context, s *Settings, logger *slog.Logger, srv *grpc.Server) (func(context.Context, *store.SQL, service.Runtime) error, io.Closer, error) {
	var peers policy.Peers
	var closers closeAll
	if s.ContactSyncAddr != "" {
		conn, err := dial.Service(s.ContactSyncAddr, "contact-sync", &s.Common)
		if err != nil {
			return nil, nil, err
		}
		peers.ContactSync, closers = contactsyncv1.NewContactSyncServiceClient(conn), append(closers, conn)
	}
	if s.ConsentAddr != "" {
		conn, err := dial.Service(s.ConsentAddr, "consent", &s.Common)
		if err != nil {
			return nil, nil, errors.Join(err, closers.Close())
		}
		peers.Consent, closers = consentv1.NewConsentServiceClient(conn), append(closers, conn)
	}
	svc := policy.New(logger, peers)
	policyv1.RegisterPolicyServiceServer(srv, svc)
	return func(ctx context.Context, st *store.SQL, rt service.Runtime) error {
		return svc.Start(ctx, st, rt.Changelog)
	}, closers, nil
}

// closeAll closes each of its connections.
type closeAll []io.Closer

func (c closeAll) Close() error {
	var errs []error
	for _, closer := range c {
		errs = append(errs, closer.Close())
	}
	return errors.Join(errs...)
}

// SeedDemo loads the demo data through the service itself, so it is audited
// like any change.
func SeedDemo(ctx context.Context, s *Settings, logger *slog.Logger) error {
	st, err := store.Open(ctx, s.DatabaseURL, true)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, stop := context.WithCancel(ctx)
	var background sync.WaitGroup
	defer func() { // before the store closes: ends the change-log follower
		stop()
		background.Wait()
	}()
	svc := policy.New(logger, policy.Peers{})
	if err := svc.Start(ctx, st, changelog.Options{Background: &background, Logger: logger}); err != nil {
		return err
	}
	created, err := demo.Seed(ctx, svc)
	if err != nil {
		return err
	}
	logger.Info("demo data", "created", created)
	return nil
}
