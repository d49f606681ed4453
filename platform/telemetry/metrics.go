package telemetry

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	otelprometheus "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
)

// serveMetrics installs a meter provider whose instruments Prometheus
// scrapes at http://MetricsAddr/metrics, beside the Go runtime's and the
// process's own, and returns what stops it. The RPC and HTTP instruments
// (otelgrpc, the gateway's routes) and the services' own record there.
func serveMetrics(addr string, res *resource.Resource) (func(context.Context) error, error) {
	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	exporter, err := otelprometheus.New(otelprometheus.WithRegisterer(registry))
	if err != nil {
		return nil, err
	}
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter), sdkmetric.WithResource(res),
		// The job queue's measures by kind and queue, not by attempt (up to
		// 25) or tags: those would multiply the series.
		sdkmetric.WithView(sdkmetric.NewView(sdkmetric.Instrument{Name: "river.*"},
			sdkmetric.Stream{AttributeFilter: attribute.NewDenyKeysFilter("attempt", "tag", "priority")})))
	otel.SetMeterProvider(provider)

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, errors.Join(err, provider.Shutdown(context.Background()))
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{Registry: registry}))
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = server.Serve(ln) }()
	return func(ctx context.Context) error {
		return errors.Join(server.Shutdown(ctx), provider.Shutdown(ctx))
	}, nil
}
