package telemetry

import (
	"context"

	"go.opentelemetry.io/otel"
	"google.golang.org/grpc/metadata"
)

// With export off, a service still takes the caller's trace context, so its
// logs carry the trace id the gateway started; it just records no spans.
// Extract does that and nothing more: otelgrpc's stats handler costs about a
// fifth of a cheap call even with a no-op tracer, so it is installed only
// when spans are exported.

// incomingCarrier reads single keys of the incoming metadata, without
// copying it.
type incomingCarrier struct{ ctx context.Context }

func (c incomingCarrier) Get(key string) string {
	if v := metadata.ValueFromIncomingContext(c.ctx, key); len(v) > 0 {
		return v[0]
	}
	return ""
}

func (incomingCarrier) Set(string, string) {}

func (incomingCarrier) Keys() []string { return nil }

// Extract returns ctx with the caller's trace context, if it sent one.
func Extract(ctx context.Context) context.Context {
	return otel.GetTextMapPropagator().Extract(ctx, incomingCarrier{ctx})
}

// Exporting reports whether spans are exported: then otelgrpc instruments
// calls fully.
func (c Config) Exporting() bool { return c.OTLPEndpoint != "" }
