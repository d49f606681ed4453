package telemetry

import (
	"context"
	"encoding/hex"
	"net"
	"slices"
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

// span is what the tests read of an exported span: links name the traces
// of the spans it links to (a queued job's to the one that queued it).
type span struct {
	service, name, parent string
	links                 []string
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
				sp := span{service: service, name: s.Name, parent: hex.EncodeToString(s.ParentSpanId)}
				for _, l := range s.Links {
					sp.links = append(sp.links, hex.EncodeToString(l.TraceId))
				}
				c.spans[id] = append(c.spans[id], sp)
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

// linkedFrom returns the traces holding a span named name that links to the
// trace id.
func (c *collector) linkedFrom(id, name string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var traces []string
	for trace, spans := range c.spans {
		for _, s := range spans {
			if s.name == name && slices.Contains(s.links, id) {
				traces = append(traces, trace)
			}
		}
	}
	return traces
}

// named lists the names of service's spans, for failure messages.
func (c *collector) named(service string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var names []string
	for _, spans := range c.spans {
		for _, s := range spans {
			if s.service == service && !slices.Contains(names, s.name) {
				names = append(names, s.name)
			}
		}
	}
	return names
}
