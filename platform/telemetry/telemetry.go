// Package telemetry sets up OpenTelemetry for a service: W3C trace-context
// propagation always, and trace export over OTLP only when an endpoint is
// configured (otherwise the global tracer stays a no-op and costs nothing).
package telemetry

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
)

// Config configures telemetry export.
type Config struct {
	// ServiceName is the service.name resource attribute.
	ServiceName string
	// OTLPEndpoint is the OTLP/gRPC collector address; empty turns export off.
	OTLPEndpoint string
	// SampleRatio is the share of root traces sampled; children follow their
	// parent's decision.
	SampleRatio float64
	// MetricsAddr, when set, serves Prometheus metrics at /metrics there.
	MetricsAddr string
}

// Instrumented says calls are measured: spans exported or metrics served.
func (c Config) Instrumented() bool { return c.Exporting() || c.MetricsAddr != "" }

// Bind registers the settings as flags.
func (c *Config) Bind(fs *flag.FlagSet) {
	fs.StringVar(&c.OTLPEndpoint, "otlp-endpoint", c.OTLPEndpoint, "OTLP/gRPC collector address (host:port); empty turns trace export off")
	fs.Float64Var(&c.SampleRatio, "trace-sample-ratio", c.SampleRatio, "share of root traces to sample, 0 to 1")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "address serving Prometheus metrics at /metrics (RED per RPC and route, the service's own); empty: none")
}

// Validate refuses an endpoint or ratio the exporter cannot use, naming the
// flag. The endpoint is host:port, as the services have always taken it:
// export is plaintext OTLP/gRPC to a collector beside the process.
func (c Config) Validate() error {
	var errs []error
	if c.OTLPEndpoint != "" {
		if _, _, err := net.SplitHostPort(c.OTLPEndpoint); err != nil || strings.Contains(c.OTLPEndpoint, "://") {
			errs = append(errs, fmt.Errorf("--otlp-endpoint %q: want host:port, such as localhost:4317 (no scheme)", c.OTLPEndpoint))
		}
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("--metrics-addr %q: want host:port or :port", c.MetricsAddr))
		}
	}
	if c.SampleRatio < 0 || c.SampleRatio > 1 {
		errs = append(errs, fmt.Errorf("--trace-sample-ratio must be between 0 and 1, got %g", c.SampleRatio))
	}
	return errors.Join(errs...)
}

// Setup installs the propagator and, when configured, the exporter. The
// returned function flushes and stops export.
func Setup(ctx context.Context, cfg Config) (func(context.Context) error, error) {
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(semconv.ServiceName(cfg.ServiceName)))
	if err != nil {
		return nil, err
	}
	stopMetrics := func(context.Context) error { return nil }
	if cfg.MetricsAddr != "" {
		if stopMetrics, err = serveMetrics(cfg.MetricsAddr, res); err != nil {
			return nil, fmt.Errorf("metrics: %w", err)
		}
	}
	if cfg.OTLPEndpoint == "" {
		return stopMetrics, nil
	}
	exporter, err := otlptracegrpc.New(ctx, otlptracegrpc.WithEndpoint(cfg.OTLPEndpoint), otlptracegrpc.WithInsecure())
	if err != nil {
		return nil, errors.Join(fmt.Errorf("otlp exporter: %w", err), stopMetrics(ctx))
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exporter),
		sdktrace.WithResource(res),
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(cfg.SampleRatio))),
	)
	otel.SetTracerProvider(tp)
	return func(ctx context.Context) error { return errors.Join(tp.Shutdown(ctx), stopMetrics(ctx)) }, nil
}
