package jsonapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Whoever wrote an error, a service quoting a whole path segment or a
// decoder quoting a whole value, the answer stays small.
func TestEveryErrorIsWrittenBounded(t *testing.T) {
	huge := strings.Repeat("\x01\"é", 100_000)
	fromService, err := status.New(codes.NotFound, "tenant "+huge+" not found").WithDetails(
		&errdetails.ErrorInfo{Reason: "RESOURCE_NOT_FOUND", Domain: ErrorDomain, Metadata: map[string]string{"id": huge}},
		&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: huge, Description: huge}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	fromDecoder := status.Error(codes.InvalidArgument, `parsing field "capability": "`+strings.Repeat("x", 1<<20)+`" is not a valid value`)

	handler := NewErrorHandler(slog.New(slog.DiscardHandler))
	mux := runtime.NewServeMux(runtime.WithErrorHandler(handler))
	notAStatus := errors.New("decoding " + huge)
	for _, e := range []error{fromService.Err(), fromDecoder, notAStatus} {
		rec := httptest.NewRecorder()
		handler(context.Background(), mux, Marshaler(), rec, httptest.NewRequest("GET", "/", nil), e)
		if rec.Body.Len() >= 4<<10 {
			t.Errorf("%.40q...: answered %d bytes", status.Convert(e).Message(), rec.Body.Len())
		}
	}
	// A decoder's message keeps the field and the rule around what it quotes.
	_, body := handle(t, fromDecoder)
	if !strings.HasPrefix(body.Message, "capability: ") || !strings.HasSuffix(body.Message, `..." is not a valid value`) {
		t.Errorf("message %.200q", body.Message)
	}
}
