// Package server assembles and runs the gateway: it dials the services, builds
// the HTTP handler and serves it until its context ends.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/liaisonhq/liaison/gateway/internal/config"
	"github.com/liaisonhq/liaison/gateway/internal/devauth"
	"github.com/liaisonhq/liaison/gateway/internal/telemetry"
)

// Server is a gateway that is listening but not yet serving.
type Server struct {
	cfg    config.Config
	logger *slog.Logger
	ln     net.Listener
	http   *http.Server
	// closers release what New acquired, last first.
	closers []func(context.Context) error
}

// Run serves the gateway until ctx ends, then shuts it down gracefully.
func Run(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	s, err := New(ctx, cfg, logger)
	if err != nil {
		return err
	}
	return s.Serve(ctx)
}

// New prepares the gateway and binds its address, so Addr is known (port 0
// included) before Serve. If it fails, it has released everything.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger) (_ *Server, err error) {
	s := &Server{cfg: cfg, logger: logger}
	defer func() {
		if err != nil {
			s.close(context.Background())
		}
	}()

	flush, err := telemetry.StartTracing(ctx, cfg.OTLPEndpoint, logger)
	if err != nil {
		return nil, err
	}
	s.closers = append(s.closers, func(ctx context.Context) error {
		// Lost spans are worth a warning, not a failed shutdown.
		if err := flush(ctx); err != nil {
			logger.Warn("trace flush", "error", err)
		}
		return nil
	})

	policy, err := dial(cfg.PolicyAddr)
	if err != nil {
		return nil, fmt.Errorf("policy service %s: %w", cfg.PolicyAddr, err)
	}
	s.closers = append(s.closers, func(context.Context) error { return policy.Close() })

	consent, err := dial(cfg.ConsentAddr)
	if err != nil {
		return nil, fmt.Errorf("consent service %s: %w", cfg.ConsentAddr, err)
	}
	s.closers = append(s.closers, func(context.Context) error { return consent.Close() })

	var issuer *devauth.Issuer
	if cfg.Dev {
		key, err := devauth.LoadOrCreateKey(cfg.DevKeyFile)
		if err != nil {
			return nil, fmt.Errorf("dev key: %w", err)
		}
		issuer, err = devauth.NewIssuer(key, devauth.Options{Issuer: cfg.DevIssuer, Audience: cfg.DevAudience, TTL: cfg.DevTokenTTL})
		if err != nil {
			return nil, err
		}
		logger.Warn("dev identity on: POST /dev/token mints a token for anyone", "key_file", cfg.DevKeyFile)
	}

	handler, err := newHandler(ctx, services{policy: policy, consent: consent}, issuer, logger)
	if err != nil {
		return nil, err
	}
	s.http = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}

	s.ln, err = net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return nil, err
	}
	s.closers = append(s.closers, func(context.Context) error {
		// Shutdown has usually closed it already.
		if err := s.ln.Close(); !errors.Is(err, net.ErrClosed) {
			return err
		}
		return nil
	})
	return s, nil
}

// Addr is the address the gateway is bound to.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Serve answers requests until ctx ends, then lets in-flight requests finish
// for the shutdown grace period, closes the connections to the services and
// flushes the traces.
func (s *Server) Serve(ctx context.Context) error {
	s.logger.Info("gateway listening", "addr", s.Addr(), "policy_addr", s.cfg.PolicyAddr, "consent_addr", s.cfg.ConsentAddr)
	if s.cfg.ReadyFile != "" {
		if err := writeFileAtomic(s.cfg.ReadyFile, []byte(s.Addr())); err != nil {
			s.close(context.Background())
			return fmt.Errorf("ready file: %w", err)
		}
	}

	served := make(chan error, 1)
	go func() { served <- s.http.Serve(s.ln) }()

	var serveErr error
	select {
	case serveErr = <-served: // the listener failed; nothing left to drain
	case <-ctx.Done():
		s.logger.Info("gateway shutting down", "grace", s.cfg.ShutdownGrace.String())
		graceCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
		defer cancel()
		if err := s.http.Shutdown(graceCtx); err != nil {
			serveErr = fmt.Errorf("graceful shutdown: %w", errors.Join(err, s.http.Close()))
		}
	}
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}

	// Flushing gets its own deadline: the grace period may be spent.
	flushCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return errors.Join(serveErr, s.close(flushCtx))
}

// close runs the closers, last acquired first.
func (s *Server) close(ctx context.Context) error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i](ctx))
	}
	s.closers = nil
	return errors.Join(errs...)
}

// writeFileAtomic writes through a temporary file and a rename, so a test
// harness polling the file never reads half an address.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
