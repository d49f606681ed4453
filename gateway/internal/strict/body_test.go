package strict

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
	"github.com/liaisonhq/liaison/gateway/internal/apitest"
	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// failingBody fails every read as a reset connection does, with the
// addresses the network error carries.
type failingBody struct{}

func (failingBody) Read([]byte) (int, error) {
	return 0, errors.New("read tcp 10.0.3.7:8080->10.0.9.1:51234: read: connection reset by peer")
}

func (failingBody) Close() error { return nil }

// A body that cannot be read is a 400 naming the body; what went wrong,
// addresses included, goes to the log, not to the client.
func TestBodyReadErrorIsLoggedNotShown(t *testing.T) {
	var logged bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logged, nil))
	var errs jsonapi.Errors
	errs.Attach(runtime.NewServeMux(jsonapi.MuxOptions(logger)...))
	c := New(apidoc.Routes{}, 1<<20, errs.Write, logger)

	req := httptest.NewRequest("POST", "/v1/tenants", nil)
	req.Body = failingBody{}
	rec := httptest.NewRecorder()
	c.Middleware(func(http.ResponseWriter, *http.Request, map[string]string) {
		t.Error("a body that could not be read reached the route")
	})(rec, req, nil)

	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400 (body %s)", rec.Code, rec.Body)
	}
	if code, reason, field := apitest.ParseError(t, rec.Body.Bytes()); code != 3 || reason != "FIELD_INVALID" || field != "body" {
		t.Errorf("error body %s", rec.Body)
	}
	for _, secret := range []string{"10.0.3.7", "10.0.9.1", "connection reset"} {
		if strings.Contains(rec.Body.String(), secret) {
			t.Errorf("the answer shows %q: %s", secret, rec.Body)
		}
	}
	if !strings.Contains(logged.String(), "10.0.9.1:51234") {
		t.Errorf("the read error is not logged: %q", logged.String())
	}
}
