package httplog

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/logging"
	"github.com/liaisonhq/liaison/platform/requestid"
)

// The gateway's log lines carry service and request_id like the services'.
func TestAccessLogLineWithoutSecrets(t *testing.T) {
	var out bytes.Buffer
	logger, err := logging.New(&out, "info", "gateway")
	if err != nil {
		t.Fatal(err)
	}
	h := requestid.Middleware(Access(logger, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
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
	for k, want := range map[string]any{"level": "INFO", "service": "gateway", "method": "GET", "path": "/v1/tenants/contoso", "status": 404.0, "request_id": "req-7"} {
		if line[k] != want {
			t.Errorf("%s = %v, want %v", k, line[k], want)
		}
	}
	if _, ok := line["duration_ms"]; !ok {
		t.Error("no duration_ms")
	}
}
