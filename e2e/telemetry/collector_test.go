package telemetry

import (
	"context"
	"encoding/hex"
	"net"
	"sync"

	collectorpb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
)

// collector receives the spans every process exports over OTLP/gRPC and
// keeps them in memory, by trace id.
type collector struct {
	collectorpb.UnimplementedTraceServiceServer
	addr string
	srv  *grpc.Server

	mu    sync.Mutex
	spans map[string][]span // trace id (hex) -> spans
}

// span is what the tests read of an exported span.
type span struct {
	service, name, parent string
}

func startCollector() (*collector, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	c := &collector{addr: ln.Addr().String(), srv: grpc.NewServer(), spans: map[string][]span{}}
	collectorpb.RegisterTraceServiceServer(c.srv, c)
	go func() { _ = c.srv.Serve(ln) }()
	return c, nil
}

func (c *collector) Export(_ context.Context, req *collectorpb.ExportTraceServiceRequest) (*collectorpb.ExportTraceServiceResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, rs := range req.ResourceSpans {
		service := ""
		for _, a := range rs.GetResource().GetAttributes() {
			if a.Key == "service.name" {
				service = a.GetValue().GetStringValue()
			}
		}
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				id := hex.EncodeToString(s.TraceId)
				c.spans[id] = append(c.spans[id], span{service: service, name: s.Name, parent: hex.EncodeToString(s.ParentSpanId)})
			}
		}
	}
	return &collectorpb.ExportTraceServiceResponse{}, nil
}

// trace is a copy of the spans of one trace so far.
func (c *collector) trace(id string) []span {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]span(nil), c.spans[id]...)
}
