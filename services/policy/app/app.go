// Package app wires the policy service into a runnable binary: its
// settings, and the serve, migrate and seed-demo commands.
package app

import (
	"context"
	"flag"
	"log/slog"
	"sync"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/cli"
	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/server"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy"
	"github.com/liaisonhq/liaison/services/policy/demo"
	"github.com/liaisonhq/liaison/services/policy/store"
	"github.com/liaisonhq/liaison/services/policy/store/migrations"
)

// Settings are the policy service's settings.
type Settings struct {
	config.Common
}

// Defaults returns the policy service's default settings.
func Defaults() *Settings {
	return &Settings{Common: config.DefaultCommon("policy", ":9101")}
}

// Bind registers the settings as flags.
func (s *Settings) Bind(fs *flag.FlagSet) { s.Common.Bind(fs) }

// Commands are the policy binary's subcommands.
func Commands() []cli.Command[*Settings] {
	return []cli.Command[*Settings]{
		{Name: "serve", Help: "serve the PolicyService gRPC API", Run: Serve},
		cli.Migrate[*Settings](migrations.FS),
		{Name: "seed-demo", Help: "load the demo tenants contoso and gov unless present, and exit", Run: SeedDemo},
	}
}

// Serve runs the service until ctx ends.
func Serve(ctx context.Context, s *Settings, logger *slog.Logger) error {
	srv, flush, err := server.Setup(ctx, &s.Common, logger, policy.Rules())
	if err != nil {
		return err
	}
	defer flush()
	svc := policy.New(logger)
	policyv1.RegisterPolicyServiceServer(srv.GRPC(), svc)
	return server.RunWithStore(ctx, srv, logger,
		func(ctx context.Context) (*store.SQL, error) { return store.Open(ctx, s.DatabaseURL, s.AutoMigrate) },
		func(ctx context.Context, st *store.SQL, background *sync.WaitGroup) error {
			return svc.Start(ctx, st, changelog.Options{Background: background})
		})
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
	svc := policy.New(logger)
	if err := svc.Start(ctx, st, changelog.Options{Background: &background}); err != nil {
		return err
	}
	created, err := demo.Seed(ctx, svc)
	if err != nil {
		return err
	}
	logger.Info("demo data", "created", created)
	return nil
}
