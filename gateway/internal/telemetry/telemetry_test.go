package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/liaisonhq/liaison/gateway/internal/requestid"
)

func TestLogCarriesTraceID(t *testing.T) {
	var out bytes.Buffer
	logger := NewLogger(&out, nil).With("component", "test")
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1, 2, 3}, SpanID: trace.SpanID{4, 5, 6}, TraceFlags: trace.FlagsSampled,
	})
	logger.InfoContext(trace.ContextWithSpanContext(context.Background(), sc), "hello")

	var line map[string]any
	if err := json.Unmarshal(out.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	if line["trace_id"] != sc.TraceID().String() || line["span_id"] != sc.SpanID().String() {
		t.Errorf("log line %s lacks the span's ids", out.Bytes())
	}
}

func TestAccessLogLineWithoutSecrets(t *testing.T) {
	var out bytes.Buffer
	h := requestid.Middleware(AccessLog(NewLogger(&out, nil), http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNotFound)
	})))
	req := httptest.NewRequest("GET", "/v1/tenants/contoso?access_token=sekret", nil)
	req.Header.Set("Authorization", "Bearer sekret")
	req.Header.Set(requestid.Header, "req-7")
	h.ServeHTTP(httptest.NewRecorder(), req)

	if strings.Contains(out.String(), "sekret") {
		t.Errorf("access log leaks the token: %s", out.Bytes())
	}
	var line map[string]any
	if err := json.Unmarshal(out.Bytes(), &line); err != nil {
		t.Fatalf("want one JSON line, got %q: %v", out.Bytes(), err)
	}
	for k, want := range map[string]any{"level": "INFO", "method": "GET", "path": "/v1/tenants/contoso", "status": 404.0, "request_id": "req-7"} {
		if line[k] != want {
			t.Errorf("%s = %v, want %v", k, line[k], want)
		}
	}
	if _, ok := line["duration_ms"]; !ok {
		t.Error("no duration_ms")
	}
}
