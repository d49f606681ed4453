package server

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/liaisonhq/liaison/platform/access"
	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/telemetry"
	"github.com/liaisonhq/liaison/platform/validate"
)

// Setup builds a service's server from the common settings: telemetry, the
// token verifier and the request rules. The returned function flushes
// telemetry; call it after Run returns.
func Setup(ctx context.Context, c *config.Common, logger *slog.Logger, access access.Rules, rules validate.Rules, unauthenticated ...string) (*Server, func(), error) {
	shutdownTelemetry, err := telemetry.Setup(ctx, c.Telemetry)
	if err != nil {
		return nil, nil, err
	}
	flush := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := shutdownTelemetry(ctx); err != nil {
			logger.Warn("flushing telemetry failed", "error", err)
		}
	}
	verifier, err := auth.NewVerifier(ctx, c.Auth, c.Dev)
	if err != nil {
		flush()
		return nil, nil, err
	}
	opts := Options{
		Addr: c.GRPCAddr, Drain: c.ShutdownDrain, Grace: c.ShutdownGrace, ReadyFile: c.ReadyFile,
		Logger: logger, Verifier: verifier, Access: access, Rules: rules, Unauthenticated: unauthenticated,
		Tracing: c.Telemetry.Instrumented(), HealthAddr: c.HealthAddr,
	}
	if c.TLS.Enabled() {
		if opts.Creds, err = c.TLS.ServerCredentials(); err != nil {
			flush()
			return nil, nil, err
		}
	}
	return New(opts), flush, nil
}

// Retry calls fn until it succeeds or ctx ends, waiting longer after each
// failure (up to 10s): a database that is still starting is not an error.
func Retry(ctx context.Context, logger *slog.Logger, what string, fn func(context.Context) error) error {
	wait := 250 * time.Millisecond
	for {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		logger.WarnContext(ctx, what+" failed; retrying", "error", err, "in", wait)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 10*time.Second)
	}
}

// RunWithStore runs srv until ctx ends: it opens the service's store
// (retrying while the database is not up), starts the service on it, and
// only then reports SERVING; from then on health follows the store's pings,
// and calls that find the store unreachable answer Unavailable. start leaves
// its background work to the WaitGroup; the store closes once the server
// has stopped and that work has ended.
func RunWithStore[S interface {
	Store
	Close() error
}](ctx context.Context, srv *Server, logger *slog.Logger,
	open func(context.Context) (S, error), start func(context.Context, S, *sync.WaitGroup) error) error {
	var (
		store      S
		opened     bool
		background sync.WaitGroup
	)
	defer func() {
		background.Wait()
		if opened {
			store.Close()
		}
	}()
	return srv.Run(ctx, func(ctx context.Context) error {
		err := Retry(ctx, logger, "opening the store", func(ctx context.Context) (err error) {
			store, err = open(ctx)
			return err
		})
		if err != nil {
			return err
		}
		opened = true
		srv.useStore(store)
		return start(ctx, store, &background)
	})
}
