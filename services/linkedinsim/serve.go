package linkedinsim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/telemetry"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// Serve runs the simulator on settings.HTTPAddr until ctx ends, then lets
// in-flight requests finish for settings.ShutdownGrace.
func Serve(ctx context.Context, settings *Settings, logger *slog.Logger) error {
	sim, err := New(*settings, logger)
	if err != nil {
		return err
	}
	flush, err := telemetry.Setup(ctx, settings.Telemetry)
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := flush(ctx); err != nil {
			logger.Warn("flushing telemetry failed", "error", err)
		}
	}()
	handler := sim.Handler()
	if settings.Telemetry.Instrumented() {
		handler = otelhttp.NewHandler(handler, "linkedin-sim")
	}
	lis, err := net.Listen("tcp", settings.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", settings.HTTPAddr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	// Long polls of the member-event feed answer at once on shutdown
	// instead of holding it for up to 30 seconds.
	srv.RegisterOnShutdown(sim.events.close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()

	addr := lis.Addr().String()
	logger.Info("serving", "addr", addr, "seeded", settings.Seed, "autoApprove", settings.AutoApprove)
	if settings.ReadyFile != "" {
		if err := config.WriteReadyFile(settings.ReadyFile, addr); err != nil {
			_ = srv.Close()
			return err
		}
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "grace", settings.ShutdownGrace)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), settings.ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Warn("grace period over: closing open connections", "error", err)
		_ = srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}
