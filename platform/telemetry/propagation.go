package telemetry

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"google.golang.org/grpc/metadata"
)

// With export off, a service still takes the caller's trace context, so its
// logs carry the trace id the gateway started; it just records no spans.
// Extract does that and nothing more: otelgrpc's stats handler costs about a
// fifth of a cheap call even with a no-op tracer, so it is installed only
// when spans are exported. The gateway does the same at both its ends:
// ExtractHTTP instead of otelhttp's handler, Inject instead of otelgrpc's
// client handler.

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

// ExtractHTTP returns ctx with the trace context of an HTTP request's
// headers, if it has one: the context otelhttp's handler passes on when
// spans are not exported, without its span, metrics and wrapped writer.
func ExtractHTTP(ctx context.Context, h http.Header) context.Context {
	return otel.GetTextMapPropagator().Extract(ctx, headerCarrier(h))
}

// headerCarrier is propagation.HeaderCarrier without a new canonical name
// per key and request: the propagators ask for traceparent, tracestate and
// baggage, lower case.
type headerCarrier http.Header

// canonicalKeys are the canonical header names of the W3C keys.
var canonicalKeys = map[string]string{"traceparent": "Traceparent", "tracestate": "Tracestate", "baggage": "Baggage"}

func (c headerCarrier) Get(key string) string {
	name, ok := canonicalKeys[key]
	if !ok {
		name = http.CanonicalHeaderKey(key)
	}
	if v := c[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (c headerCarrier) Set(key, value string) { propagation.HeaderCarrier(c).Set(key, value) }

func (c headerCarrier) Keys() []string { return propagation.HeaderCarrier(c).Keys() }

// outgoingPairs collects what a propagator writes, as metadata pairs.
type outgoingPairs []string

func (outgoingPairs) Get(string) string { return "" }

func (p *outgoingPairs) Set(key, value string) { *p = append(*p, key, value) }

func (outgoingPairs) Keys() []string { return nil }

// Inject returns ctx with its trace context (and baggage) in the outgoing
// gRPC metadata, as otelgrpc's client handler sends them; a context without
// any is returned as it is. The metadata is added to, not copied, unless it
// holds one of the keys already, which is then replaced, as otelgrpc does.
func Inject(ctx context.Context) context.Context {
	var pairs outgoingPairs
	otel.GetTextMapPropagator().Inject(ctx, &pairs)
	if len(pairs) == 0 {
		return ctx
	}
	for i := 0; i < len(pairs); i += 2 {
		if metadata.ValueFromOutgoingContext(ctx, pairs[i]) != nil {
			md, _ := metadata.FromOutgoingContext(ctx) // a copy
			for j := 0; j < len(pairs); j += 2 {
				md.Set(pairs[j], pairs[j+1])
			}
			return metadata.NewOutgoingContext(ctx, md)
		}
	}
	return metadata.AppendToOutgoingContext(ctx, pairs...)
}

// Exporting reports whether spans are exported: then otelgrpc instruments
// calls fully.
func (c Config) Exporting() bool { return c.OTLPEndpoint != "" }
