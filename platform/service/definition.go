// Package service describes a Liaison gRPC service once, in the spirit of
// SpiceDB's Config.Complete(): its settings, request rules, methods that
// need no token, store, and how it is wired and started. The one
// Definition serves the service's binary (Main), its in-process test
// harness (servicetest.Start), and the harnesses of the services that
// depend on it, so none of them wires the service by hand.
package service

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"sync"

	"github.com/liaisonhq/liaison/platform/access"
	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/cli"
	"github.com/liaisonhq/liaison/platform/server"
	"github.com/liaisonhq/liaison/platform/validate"
	"google.golang.org/grpc"
)

// Settings is a service's settings struct: it embeds config.Common.
type Settings = cli.ServiceSettings

// Store is a service's open store: the server pings it for health and
// recognises its outages (sqlstore.Store provides both).
type Store interface {
	server.Store
	Close() error
}

// Runtime is what a service gets to start on its open store.
type Runtime struct {
	Logger *slog.Logger
	// Changelog are the change log's options from the settings, with
	// Background set: start the log with them.
	Changelog changelog.Options
	// Background tracks the goroutines the service leaves running; the
	// store closes only once they have ended.
	Background *sync.WaitGroup
}

// Go runs fn in a goroutine that the runtime waits for.
func (r Runtime) Go(fn func()) { r.Background.Go(fn) }

// Definition is one gRPC service.
type Definition[S Settings, St Store] struct {
	// Name names the binary (liaison-NAME) and the service in logs.
	Name string
	// Help says what serve serves, for the usage text.
	Help string
	// Defaults returns the default settings.
	Defaults func() S
	// Access says who may send each request, checked before Rules; every
	// method called with a token needs a rule, or its calls are refused.
	Access access.Rules
	// Rules check every request before a handler runs.
	Rules validate.Rules
	// Unauthenticated lists the full names of methods callable without a
	// token, because the request itself carries a credential.
	Unauthenticated []string
	// Migrations are the store's own SQL migrations, one folder per dialect;
	// nil for a service without a database (its binary has no migrate).
	Migrations fs.FS
	// Open opens (and, with --auto-migrate, migrates) the store.
	Open func(ctx context.Context, s S) (St, error)
	// Build wires the service: it connects to the services it calls,
	// registers its API on srv, and returns how to start it once the store
	// is open, and what to close when it has stopped (nil when nothing).
	Build func(ctx context.Context, s S, logger *slog.Logger, srv *grpc.Server) (start func(context.Context, St, Runtime) error, closer io.Closer, err error)
	// Commands are the binary's further subcommands.
	Commands []cli.Command[S]
}

// Serve runs the service until ctx ends: the platform server, the store
// opened with retries, the service started on it, then health SERVING.
func (d Definition[S, St]) Serve(ctx context.Context, s S, logger *slog.Logger) error {
	if d.Access == nil {
		return fmt.Errorf("%s: the service declares no access rules", d.Name)
	}
	srv, flush, err := server.Setup(ctx, s.Base(), logger, d.Access, d.Rules, d.Unauthenticated...)
	if err != nil {
		return err
	}
	defer flush()
	start, closer, err := d.Build(ctx, s, logger, srv.GRPC())
	if err != nil {
		return err
	}
	if closer != nil {
		defer closer.Close()
	}
	return server.RunWithStore(ctx, srv, logger,
		func(ctx context.Context) (St, error) { return d.Open(ctx, s) },
		func(ctx context.Context, st St, background *sync.WaitGroup) error {
			opts := s.Base().Changelog()
			opts.Background, opts.Logger = background, logger
			return start(ctx, st, Runtime{Logger: logger, Changelog: opts, Background: background})
		})
}

// AllCommands are the binary's subcommands: serve, migrate and the
// service's own.
func (d Definition[S, St]) AllCommands() []cli.Command[S] {
	commands := []cli.Command[S]{{Name: "serve", Help: d.Help, Run: d.Serve}}
	if d.Migrations != nil {
		commands = append(commands, cli.Migrate[S](d.Migrations))
	}
	return append(commands, d.Commands...)
}

// Main is the binary's main: it returns the exit code.
func (d Definition[S, St]) Main(args []string, stderr io.Writer) int {
	return cli.Main(d.Name, d.Defaults, d.AllCommands(), args, stderr)
}
