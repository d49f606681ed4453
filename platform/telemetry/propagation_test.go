package telemetry

import (
	"context"
	"net/http"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc/metadata"
)

const parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

func w3c(t *testing.T) {
	t.Helper()
	before := otel.GetTextMapPropagator()
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	t.Cleanup(func() { otel.SetTextMapPropagator(before) })
}

// The trace context of an HTTP request is taken as otelhttp takes it; a
// request without one leaves the context as it is.
func TestExtractHTTPTakesTheCallersTraceContext(t *testing.T) {
	w3c(t)
	ctx := context.Background()
	h := http.Header{}
	h.Set("Traceparent", parent)
	sc := trace.SpanContextFromContext(ExtractHTTP(ctx, h))
	if sc.TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" || sc.SpanID().String() != "00f067aa0ba902b7" || !sc.IsRemote() {
		t.Errorf("span context %v", sc)
	}
	if got := ExtractHTTP(ctx, http.Header{}); got != ctx {
		t.Error("a request without trace context changed the context")
	}
}

// Inject sends the trace context as otelgrpc does: added to the outgoing
// metadata, replacing a value already under its key, and nothing at all
// without one.
func TestInjectSendsTheTraceContextOnce(t *testing.T) {
	w3c(t)
	h := http.Header{}
	h.Set("Traceparent", parent)
	traced := ExtractHTTP(context.Background(), h)

	md, _ := metadata.FromOutgoingContext(Inject(metadata.AppendToOutgoingContext(traced, "authorization", "Bearer x")))
	if got := md.Get("traceparent"); len(got) != 1 || got[0] != parent || len(md.Get("authorization")) != 1 {
		t.Errorf("outgoing metadata %v", md)
	}
	md, _ = metadata.FromOutgoingContext(Inject(metadata.NewOutgoingContext(traced, metadata.Pairs("traceparent", "stale"))))
	if got := md.Get("traceparent"); len(got) != 1 || got[0] != parent {
		t.Errorf("traceparent %q, want the context's alone", got)
	}
	plain := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer x")
	if Inject(plain) != plain {
		t.Error("a context without trace context was changed")
	}
}
