// Package server assembles and runs the gateway: it dials the backends,
// builds the HTTP handler and serves it until its context ends.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"

	"github.com/liaisonhq/liaison/gateway/internal/devauth"
	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/cli"
	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/logging"
	"github.com/liaisonhq/liaison/platform/telemetry"
)

// Commands are the gateway binary's subcommands, run by cli.Main.
func Commands() []cli.Command[*Settings] {
	return []cli.Command[*Settings]{
		{Name: "serve", Help: `serve the HTTP/JSON API; "liaison-gateway serve --help" lists every setting`, Run: Run},
		{Name: "check", Help: "ask a running gateway (--http-addr) and its services (--*-addr) whether they serve; exit 1 if not", Run: Check},
	}
}

// logBatch is the longest a line below Warn waits to be written with
// others (logging.Batch): written one by one, the access log's lines cost
// the gateway a system call per request, more than the rest of the line.
const logBatch = 100 * time.Millisecond

// Server is a gateway that is listening but not yet serving.
type Server struct {
	settings *Settings
	logger   *slog.Logger
	ln       net.Listener
	http     *http.Server
	// debug serves the runtime profiles on debugLn; nil unless asked for.
	debug   *http.Server
	debugLn net.Listener
	// closers release what New acquired, last first.
	closers []func(context.Context) error
	// draining makes /readyz answer 503 from the start of shutdown.
	draining atomic.Bool
}

// Run serves the gateway until ctx ends, then shuts it down gracefully.
func Run(ctx context.Context, s *Settings, logger *slog.Logger) error {
	srv, err := New(ctx, s, logger)
	if err != nil {
		return err
	}
	return srv.Serve(ctx)
}

// New prepares the gateway and binds its address, so Addr is known (port 0
// included) before Serve. If it fails, it has released everything.
func New(ctx context.Context, s *Settings, logger *slog.Logger) (_ *Server, err error) {
	srv := &Server{settings: s, logger: logger}
	defer func() {
		if err != nil {
			srv.close(context.Background())
		}
	}()

	flush, err := telemetry.Setup(ctx, s.Telemetry)
	if err != nil {
		return nil, err
	}
	srv.closers = append(srv.closers, func(ctx context.Context) error {
		// Lost spans are worth a warning, not a failed shutdown.
		if err := flush(ctx); err != nil {
			logger.Warn("trace flush", "error", err)
		}
		return nil
	})

	transport, err := s.TLS.ClientTransport()
	if err != nil {
		return nil, err
	}
	conns := map[string]*grpc.ClientConn{}
	for _, b := range backends {
		addr := s.BackendAddrs[b.name]
		conn, err := dial(addr, s.Limits.BackendTimeout, s.Telemetry.Exporting(), transport)
		if err != nil {
			return nil, fmt.Errorf("%s service %s: %w", b.name, addr, err)
		}
		srv.closers = append(srv.closers, func(context.Context) error { return conn.Close() })
		conns[b.name] = conn
	}

	issuer, err := devIssuer(s, logger)
	if err != nil {
		return nil, err
	}
	handler, err := newHandler(ctx, handlerSettings{dev: s.Dev, console: s.Console, maxBodyBytes: s.Limits.MaxBodyBytes, rates: s.Rates, tracing: s.Telemetry.Exporting(), metrics: s.Telemetry.MetricsAddr != "", draining: &srv.draining}, conns, issuer, logger)
	if err != nil {
		return nil, err
	}
	srv.http = s.Limits.httpServer(handler, logger)
	srv.ln, err = s.Limits.listen(s.HTTPAddr)
	if err != nil {
		return nil, err
	}
	srv.closers = append(srv.closers, func(context.Context) error {
		// Shutdown has usually closed it already.
		if err := srv.ln.Close(); !errors.Is(err, net.ErrClosed) {
			return err
		}
		return nil
	})
	if s.DebugAddr != "" {
		if err := srv.listenDebug(s.DebugAddr); err != nil {
			return nil, err
		}
	}
	return srv, nil
}

// devIssuer returns the dev identity's token issuer with --dev, else nil.
func devIssuer(s *Settings, logger *slog.Logger) (*devauth.Issuer, error) {
	if !s.Dev {
		return nil, nil
	}
	key, err := auth.LoadOrCreateKey(s.DevKeyFile, true)
	if err != nil {
		return nil, fmt.Errorf("dev key: %w", err)
	}
	issuer, err := devauth.NewIssuer(key, devauth.Options{Issuer: s.DevIssuer, Audience: s.DevAudience, TTL: s.DevTokenTTL})
	if err != nil {
		return nil, err
	}
	logger.Warn("dev identity on: POST /dev/token mints a token for anyone", "key_file", s.DevKeyFile)
	return issuer, nil
}

// Addr is the address the gateway is bound to.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Serve answers requests until ctx ends, then lets in-flight requests finish
// for the shutdown grace period, closes the connections to the services and
// flushes the traces.
func (s *Server) Serve(ctx context.Context) error {
	attrs := []any{"addr", s.Addr()}
	for _, b := range backends {
		attrs = append(attrs, b.name+"_addr", s.settings.BackendAddrs[b.name])
	}
	s.logger.Info("gateway listening", attrs...)
	// The access log's lines go out together, a batch at most logBatch
	// apart, while serving; the last ones before Serve returns.
	defer logging.Batch(s.logger, logBatch)()
	if s.settings.ReadyFile != "" {
		if err := config.WriteReadyFile(s.settings.ReadyFile, s.Addr()); err != nil {
			s.close(context.Background())
			return err
		}
	}

	s.serveDebug()
	served := make(chan error, 1)
	go func() { served <- s.http.Serve(s.ln) }()

	var serveErr error
	select {
	case serveErr = <-served: // the listener failed; nothing left to drain
	case <-ctx.Done():
		if drain := s.settings.ShutdownDrain; drain > 0 {
			// Not ready, still answering: load balancers and Kubernetes
			// stop routing here before the listener closes.
			s.draining.Store(true)
			s.logger.Info("gateway shutting down: draining", "drain", drain.String())
			time.Sleep(drain)
		}
		grace := s.settings.ShutdownGrace
		s.logger.Info("gateway shutting down", "grace", grace.String())
		graceCtx, cancel := context.WithTimeout(context.Background(), grace)
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
