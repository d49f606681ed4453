package httpmetrics_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/liaisonhq/liaison/gateway/internal/httpmetrics"
)

// TestAnswersAreMeasuredByRouteNotPath: requests to one route with
// different ids count under the route's pattern; a path no route matches
// counts as "unmatched"; the status is the one written.
func TestAnswersAreMeasuredByRouteNotPath(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))
	rec, err := httpmetrics.New()
	if err != nil {
		t.Fatal(err)
	}
	mux := runtime.NewServeMux(runtime.WithMiddlewares(httpmetrics.Route))
	if err := mux.HandlePath("GET", "/v1/tenants/{tenant}/users/{user}", func(w http.ResponseWriter, _ *http.Request, p map[string]string) {
		if p["user"] == "ghost" {
			w.WriteHeader(http.StatusNotFound)
		}
	}); err != nil {
		t.Fatal(err)
	}
	handler := rec.Middleware(mux)
	for _, path := range []string{"/v1/tenants/contoso/users/alice", "/v1/tenants/fabrikam/users/bob", "/v1/tenants/contoso/users/ghost", "/no/such/route/123"} {
		handler.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	// Made-up methods count as one.
	for _, m := range []string{"BREW", "WHEN"} {
		handler.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(m, "/no/such/route", nil))
	}

	var data metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &data); err != nil {
		t.Fatal(err)
	}
	counts := map[string]uint64{}
	for _, scope := range data.ScopeMetrics {
		for _, m := range scope.Metrics {
			if m.Name != "http.server.request.duration" {
				continue
			}
			for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
				route, _ := p.Attributes.Value("http.route")
				status, _ := p.Attributes.Value("http.response.status_code")
				m, _ := p.Attributes.Value("http.request.method")
				counts[m.AsString()+" "+route.AsString()+" "+status.AsString()] += p.Count
			}
		}
	}
	want := map[string]uint64{
		"GET /v1/tenants/{tenant}/users/{user} 200": 2,
		"GET /v1/tenants/{tenant}/users/{user} 404": 1,
		"GET unmatched 404":                         1,
		"_OTHER unmatched 404":                      2,
	}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%s counted %d times, want %d (all: %v)", k, counts[k], n, counts)
		}
	}
	if len(counts) != len(want) {
		t.Errorf("series %v, want only %v", counts, want)
	}
}
