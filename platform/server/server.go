// Package server runs a Liaison gRPC service: the interceptor chain (request
// id, error translation and logging, panic recovery, authentication, request
// validation), OpenTelemetry, standard health and reflection, and a graceful
// shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	"github.com/liaisonhq/liaison/platform/access"
	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/validate"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc/filters"
	"golang.org/x/sync/errgroup"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
)

// Options configure a Server.
type Options struct {
	// Addr is the listen address.
	Addr string
	// Listener, when set, is used instead of listening on Addr.
	Listener net.Listener
	// Drain is how long a shutting-down server, already NOT_SERVING, goes
	// on answering before it stops taking calls, so load balancers and
	// Kubernetes stop routing to it first. 0 stops at once.
	Drain time.Duration
	// Grace is how long in-flight calls may run once the drain is over.
	Grace time.Duration
	// ReadyFile, when set, receives the bound address once serving.
	ReadyFile string
	// Logger logs calls and lifecycle events.
	Logger *slog.Logger
	// Verifier authenticates every call but health and reflection.
	Verifier *auth.Verifier
	// Access says who may send each request, checked before Rules; nil
	// leaves it to the handlers (tests of the server itself).
	Access access.Rules
	// Rules validate requests before handlers run.
	Rules validate.Rules
	// Tracing instruments every call with otelgrpc, for span export and
	// RED metrics (telemetry.Config.Instrumented); off,
	// calls only take the caller's trace context (for log trace ids).
	Tracing bool
	// Unauthenticated lists full method names callable without a token,
	// because the request itself carries a credential.
	Unauthenticated []string
	// PingInterval is how often the store is pinged for health (see
	// RunWithStore); DefaultPingInterval when 0.
	PingInterval time.Duration
	// MaxStreamsPerCaller caps the streams one authenticated caller holds
	// open at once; DefaultMaxStreams when 0.
	MaxStreamsPerCaller int
	// Creds, when set, are the transport security of every call (mutual
	// TLS); plaintext when nil.
	Creds credentials.TransportCredentials
	// HealthAddr, when set, serves the health service alone in plaintext
	// there: for probes that cannot present a client certificate (the
	// kubelet's) when Creds asks for one.
	HealthAddr string
}

// Server is a gRPC server with Liaison's platform around it.
type Server struct {
	opts   Options
	grpc   *grpc.Server
	health *health.Server
	// healthOnly serves health alone on Options.HealthAddr; nil without.
	healthOnly *grpc.Server
	ready      atomic.Bool
	streams    *streams
	store      atomic.Pointer[Store]
}

// New builds the server; register services on GRPC() before Run.
func New(opts Options) *Server {
	s := &Server{opts: opts, health: health.NewServer(), streams: newStreams(opts.MaxStreamsPerCaller)}
	serverOpts := []grpc.ServerOption{grpc.UnaryInterceptor(s.unary), grpc.StreamInterceptor(s.stream), grpc.ForceServerCodecV2(newCodec())}
	if opts.Tracing {
		serverOpts = append(serverOpts, grpc.StatsHandler(otelgrpc.NewServerHandler(otelgrpc.WithFilter(filters.Not(filters.HealthCheck())))))
	}
	if opts.Creds != nil {
		serverOpts = append(serverOpts, grpc.Creds(opts.Creds))
	}
	s.grpc = grpc.NewServer(serverOpts...)
	healthpb.RegisterHealthServer(s.grpc, s.health)
	if opts.HealthAddr != "" {
		s.healthOnly = grpc.NewServer()
		healthpb.RegisterHealthServer(s.healthOnly, s.health)
	}
	reflection.Register(s.grpc)
	return s
}

// GRPC returns the underlying server, to register services on.
func (s *Server) GRPC() *grpc.Server { return s.grpc }

// Run listens, reports NOT_SERVING until ready succeeds (the store is open
// and migrated), then SERVING until ctx ends. On shutdown it reports
// NOT_SERVING at once and goes on answering for the drain period, then
// lets calls finish for the grace period, then stops.
func (s *Server) Run(ctx context.Context, ready func(context.Context) error) error {
	lis := s.opts.Listener
	if lis == nil {
		var err error
		if lis, err = net.Listen("tcp", s.opts.Addr); err != nil {
			return fmt.Errorf("listen %s: %w", s.opts.Addr, err)
		}
	}
	var healthLis net.Listener
	if s.healthOnly != nil {
		var err error
		if healthLis, err = net.Listen("tcp", s.opts.HealthAddr); err != nil {
			_ = lis.Close()
			return fmt.Errorf("listen %s: %w", s.opts.HealthAddr, err)
		}
	}
	s.setServing(healthpb.HealthCheckResponse_NOT_SERVING)

	// The service's work (ready, the background work it starts, the store's
	// pings) runs on work, which outlives ctx until the drain is over: a
	// draining service still answers fully.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	g, gctx := errgroup.WithContext(work)
	g.Go(func() error {
		if err := s.grpc.Serve(lis); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			return err
		}
		return nil
	})
	if healthLis != nil {
		g.Go(func() error {
			if err := s.healthOnly.Serve(healthLis); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
				return err
			}
			return nil
		})
	}
	g.Go(func() error {
		if err := ready(gctx); err != nil {
			return err
		}
		s.ready.Store(true)
		s.setServing(healthpb.HealthCheckResponse_SERVING)
		addr := lis.Addr().String()
		s.opts.Logger.Info("serving", "addr", addr)
		if s.opts.ReadyFile != "" {
			if err := config.WriteReadyFile(s.opts.ReadyFile, addr); err != nil {
				return err
			}
		}
		s.followStore(gctx)
		return nil
	})
	g.Go(func() error {
		select {
		case <-ctx.Done():
		case <-gctx.Done(): // a failure: nothing to drain
		}
		s.shutdown(gctx, stopWork)
		return nil
	})
	return g.Wait()
}

// setServing sets the overall status and that of every registered service.
func (s *Server) setServing(status healthpb.HealthCheckResponse_ServingStatus) {
	s.health.SetServingStatus("", status)
	for name := range s.grpc.GetServiceInfo() {
		s.health.SetServingStatus(name, status)
	}
}
