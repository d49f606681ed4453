package server

import (
	"cmp"
	"context"
	"errors"
	"time"

	"github.com/liaisonhq/liaison/platform/apierror"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// DefaultPingInterval is how often the store is pinged when
// Options.PingInterval is 0.
const DefaultPingInterval = 3 * time.Second

// Store is what the server needs of a service's store: whether it answers,
// for health, and which of its errors say it cannot be reached. The server
// learns of it from RunWithStore; it is an interface so the server does not
// depend on the database drivers (sqlstore.Store implements it).
type Store interface {
	Ping(ctx context.Context) error
	IsUnavailable(err error) bool
}

// useStore makes st the store whose outages calls and health report.
func (s *Server) useStore(st Store) { s.store.Store(&st) }

// storeUnreachable returns Unavailable, DEPENDENCY_UNAVAILABLE, and true
// when err says the store cannot be reached: a fault of the moment that the
// caller retries, not a bug. Errors meant for the caller pass as they are,
// and any other error is left to apierror.Translate. Reads return driver
// errors unmarked, so they are recognised here, at the one boundary.
func (s *Server) storeUnreachable(err error) (error, bool) {
	st := s.store.Load()
	var apiErr *apierror.Error
	if err == nil || st == nil || errors.As(err, &apiErr) || !(*st).IsUnavailable(err) {
		return err, false
	}
	return apierror.Unavailable("the database"), true
}

// followStore pings the store every PingInterval until ctx ends: health
// says NOT_SERVING while it does not answer within the interval, and
// SERVING again once it does, so load balancers send calls elsewhere.
// Calls are still admitted meanwhile (some answer from caches), and the
// process stays alive: liveness never depends on the database.
func (s *Server) followStore(ctx context.Context) {
	st := s.store.Load()
	if st == nil {
		return
	}
	interval := cmp.Or(s.opts.PingInterval, DefaultPingInterval)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	answering := true
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		pctx, cancel := context.WithTimeout(ctx, interval)
		err := (*st).Ping(pctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && answering:
			s.opts.Logger.WarnContext(ctx, "the database does not answer: health NOT_SERVING", "error", err)
			s.setServing(healthpb.HealthCheckResponse_NOT_SERVING)
		case err == nil && !answering:
			s.opts.Logger.InfoContext(ctx, "the database answers again: health SERVING")
			s.setServing(healthpb.HealthCheckResponse_SERVING)
		}
		answering = err == nil
	}
}
