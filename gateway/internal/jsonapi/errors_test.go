package jsonapi

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/anypb"
)

type errorBody struct {
	Code    int              `json:"code"`
	Message string           `json:"message"`
	Details []map[string]any `json:"details"`
}

// handle runs err through ErrorHandler as the mux would.
func handle(t *testing.T, err error) (int, errorBody) {
	t.Helper()
	handler := NewErrorHandler(slog.New(slog.DiscardHandler))
	mux := runtime.NewServeMux(runtime.WithErrorHandler(handler))
	rec := httptest.NewRecorder()
	handler(context.Background(), mux, Marshaler(), rec, httptest.NewRequest("GET", "/", nil), err)
	var body errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
	return rec.Code, body
}

func TestErrorStatusMapping(t *testing.T) {
	for code, want := range map[codes.Code]int{
		codes.FailedPrecondition: http.StatusConflict, // our contract, not grpc-gateway's 400
		codes.Aborted:            http.StatusConflict,
		codes.AlreadyExists:      http.StatusConflict,
		codes.Unauthenticated:    http.StatusUnauthorized,
		codes.PermissionDenied:   http.StatusForbidden,
		codes.NotFound:           http.StatusNotFound,
		codes.InvalidArgument:    http.StatusBadRequest,
		codes.OutOfRange:         http.StatusBadRequest,
		codes.Unavailable:        http.StatusServiceUnavailable, // from a service: has an ErrorInfo
		codes.DeadlineExceeded:   http.StatusGatewayTimeout,
		codes.Internal:           http.StatusInternalServerError,
	} {
		st, err := status.New(code, "why").WithDetails(&errdetails.ErrorInfo{Reason: "SOME_REASON", Domain: ErrorDomain})
		if err != nil {
			t.Fatal(err)
		}
		got, body := handle(t, st.Err())
		if got != want {
			t.Errorf("%v: HTTP %d, want %d", code, got, want)
		}
		if body.Code != int(code) || body.Message != "why" || len(body.Details) != 1 ||
			body.Details[0]["@type"] != "type.googleapis.com/google.rpc.ErrorInfo" || body.Details[0]["reason"] != "SOME_REASON" {
			t.Errorf("%v: body %+v", code, body)
		}
	}
}

func TestInvalidFieldNamesTheField(t *testing.T) {
	got, body := handle(t, InvalidField("user", "required"))
	if got != http.StatusBadRequest || len(body.Details) != 2 {
		t.Fatalf("HTTP %d, body %+v", got, body)
	}
	if body.Details[0]["reason"] != "FIELD_INVALID" {
		t.Errorf("ErrorInfo = %v", body.Details[0])
	}
	violations, _ := body.Details[1]["fieldViolations"].([]any)
	if len(violations) != 1 || violations[0].(map[string]any)["field"] != "user" {
		t.Errorf("BadRequest = %v", body.Details[1])
	}
}

func TestUnknownDetailIsDroppedNotFatal(t *testing.T) {
	p := status.New(codes.FailedPrecondition, "why").Proto()
	p.Details = append(p.Details, &anypb.Any{TypeUrl: "type.googleapis.com/liaison.future.v9.Hint", Value: []byte{}})
	got, body := handle(t, status.ErrorProto(p))
	if got != http.StatusConflict || body.Message != "why" || len(body.Details) != 0 {
		t.Errorf("HTTP %d, body %+v", got, body)
	}
}

func TestRoutingErrorKeepsItsStatus(t *testing.T) {
	err := &runtime.HTTPStatusError{HTTPStatus: http.StatusMethodNotAllowed, Err: status.Error(codes.Unimplemented, "Method Not Allowed")}
	if got, _ := handle(t, err); got != http.StatusMethodNotAllowed {
		t.Errorf("HTTP %d, want 405", got)
	}
}

func TestTransportFailureHidesInternals(t *testing.T) {
	err := status.Error(codes.Unavailable, `connection error: desc = "dial tcp 10.0.3.7:9101: connect: connection refused"`)
	got, body := handle(t, err)
	if got != http.StatusServiceUnavailable || strings.Contains(body.Message, "10.0.3.7") ||
		len(body.Details) != 1 || body.Details[0]["reason"] != "DEPENDENCY_UNAVAILABLE" {
		t.Errorf("HTTP %d, body %+v", got, body)
	}
}

// A call that ran out of time answers 504; gRPC's message may name the
// address it was still connecting to.
func TestCallTimeoutHidesInternals(t *testing.T) {
	err := status.Error(codes.DeadlineExceeded, `context deadline exceeded; last connection error: dial tcp 10.0.3.7:9101: i/o timeout`)
	got, body := handle(t, err)
	if got != http.StatusGatewayTimeout || body.Code != int(codes.DeadlineExceeded) || strings.Contains(body.Message, "10.0.3.7") ||
		len(body.Details) != 1 || body.Details[0]["reason"] != "DEPENDENCY_UNAVAILABLE" {
		t.Errorf("HTTP %d, body %+v", got, body)
	}
}

func TestGatewayErrorsGetAnErrorInfo(t *testing.T) {
	cases := []struct {
		err        error
		httpStatus int
		reason     string
		field      string
	}{
		{status.Error(codes.InvalidArgument, "unexpected EOF"), 400, "FIELD_INVALID", "body"},
		{status.Error(codes.InvalidArgument, `proto: (line 1:2): unknown field "colour"`), 400, "FIELD_INVALID", "colour"},
		{status.Error(codes.InvalidArgument, "invalid value for enum field capability"), 400, "FIELD_INVALID", "capability"},
		// grpc-gateway's query errors name the proto field; the gateway names
		// fields as the document does, by their JSON names.
		{status.Error(codes.InvalidArgument, `parsing field "page_size": strconv.ParseInt: parsing "x": invalid syntax`), 400, "FIELD_INVALID", "pageSize"},
		{status.Error(codes.InvalidArgument, `too many values for field "page_token": a, b`), 400, "FIELD_INVALID", "pageToken"},
		{status.Error(codes.InvalidArgument, `parsing list "user.group_ids": bad`), 400, "FIELD_INVALID", "user.groupIds"},
		{status.Error(codes.InvalidArgument, `proto: (line 1:2): unknown field "page_sise"`), 400, "FIELD_INVALID", "page_sise"},
		{status.Error(codes.NotFound, "Not Found"), 404, "ROUTE_NOT_FOUND", ""},
	}
	for _, c := range cases {
		st := status.Convert(withErrorInfo(c.err, c.httpStatus))
		var reason, field string
		for _, d := range st.Details() {
			switch d := d.(type) {
			case *errdetails.ErrorInfo:
				reason = d.Reason
			case *errdetails.BadRequest:
				field = d.FieldViolations[0].Field
			}
		}
		if reason != c.reason || field != c.field || st.Code() != status.Code(c.err) {
			t.Errorf("%v: reason %q field %q code %v", c.err, reason, field, st.Code())
		}
	}
}
