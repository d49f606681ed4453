package apierror_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/apierror"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestTranslateHidesUnexpectedErrors(t *testing.T) {
	err, hidden := apierror.Translate(fmt.Errorf("store: %w", errors.New(`pq: relation "users" does not exist`)), "req-1")
	st := status.Convert(err)
	if !hidden || st.Code() != codes.Internal || strings.Contains(st.Message(), "relation") || !strings.Contains(st.Message(), "req-1") {
		t.Fatalf("got %v %q hidden=%v", st.Code(), st.Message(), hidden)
	}
}

func TestTranslateKeepsAPIErrorsAndCancellation(t *testing.T) {
	wrapped := fmt.Errorf("context: %w", apierror.NotFound("user", "dave"))
	err, hidden := apierror.Translate(wrapped, "r")
	if hidden || status.Code(err) != codes.NotFound {
		t.Fatalf("API error changed: %v", err)
	}
	if err, _ := apierror.Translate(context.Canceled, "r"); status.Code(err) != codes.Canceled {
		t.Fatalf("canceled became %v", err)
	}
	if err, _ := apierror.Translate(status.Error(codes.Unavailable, "x"), "r"); status.Code(err) != codes.Unavailable {
		t.Fatalf("status error changed: %v", err)
	}
}

func TestInvalidArgumentCarriesFieldViolations(t *testing.T) {
	st := status.Convert(apierror.InvalidArgument(
		apierror.FieldViolation{Field: "user.email", Rule: "is required"},
		apierror.FieldViolation{Field: "user.id", Rule: "must be short"},
	))
	if st.Message() != "invalid request: user.email is required; user.id must be short" {
		t.Fatalf("message %q", st.Message())
	}
	var info *errdetails.ErrorInfo
	var bad *errdetails.BadRequest
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			info = d
		case *errdetails.BadRequest:
			bad = d
		}
	}
	if info == nil || info.Reason != "FIELD_INVALID" || info.Domain != apierror.Domain {
		t.Fatalf("ErrorInfo = %v", info)
	}
	if bad == nil || len(bad.FieldViolations) != 2 || bad.FieldViolations[1].Field != "user.id" {
		t.Fatalf("BadRequest = %v", bad)
	}
}
