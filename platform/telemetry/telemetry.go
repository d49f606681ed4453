// Package telemetry sets up OpenTelemetry for a service: W3C trace-context
// propagation always, and trace export over OTLP only when an endpoint is
// configured (otherwise the global tracer stays a no-op and costs nothing).
package telemetry

import (
	"context"
	"flag"
	"fmt"

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
}

// Bind registers the settings as flags.
func (c *Config) Bind(fs *flag.FlagSet) {
	fs.StringVar(&c.OTLPEndpoint, "otlp-endpoint", c.OTLPEndpoint, "OTLP/gRPC collector address (host:port); empty turns trace export off")
	fs.Float64Var(&c.SampleRatio, "trace-sample-ratio", c.SampleRatio, "share of root traces to sample, 0 to 1")
}

// Setup installs the propagator and, when configured, the exporter. The
// returned function flushes and stops export.
func Setup(ctx context.Context, cfg Config) (func(context.Context) error, error) {
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	if cfg.OTLPEndpoint == "" {
		return func(context.Context) error { return nil }, nil
	}
	exporter, err := otlptracegrpc.New(ctx, otlptracegrpc.WithEndpoint(cfg.OTLPEndpoint), otlptracegrpc.WithInsecure())
	if err != nil {
		return nil, fmt.Errorf("otlp exporter: %w", err)
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(semconv.ServiceName(cfg.ServiceName)))
	if err != nil {
		return nil, err
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exporter),
		sdktrace.WithResource(res),
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(cfg.SampleRatio))),
	)
	otel.SetTracerProvider(tp)
	return tp.Shutdown, nil
}
