package server

import (
	"context"
	"time"
)

// shutdown stops the server: health says NOT_SERVING at once; a server that
// was serving goes on answering for the drain period (unless work fails
// meanwhile), while whoever routes calls to it notices; then the service's
// work ends (stopWork), the listener closes, and calls in flight get the
// grace period before they are cut.
func (s *Server) shutdown(work context.Context, stopWork func()) {
	s.health.Shutdown()
	if s.ready.Load() && work.Err() == nil && s.opts.Drain > 0 {
		s.opts.Logger.Info("shutting down: draining", "drain", s.opts.Drain)
		select {
		case <-time.After(s.opts.Drain):
		case <-work.Done():
		}
	}
	s.opts.Logger.Info("shutting down", "grace", s.opts.Grace)
	stopWork()
	stopped := make(chan struct{})
	go func() { s.grpc.GracefulStop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(s.opts.Grace):
		s.opts.Logger.Warn("grace period over: stopping in-flight calls")
		s.grpc.Stop()
	}
	// Health answers (NOT_SERVING) until the end.
	if s.healthOnly != nil {
		s.healthOnly.Stop()
	}
}
