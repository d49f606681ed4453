package apierror

import (
	"context"
	"errors"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Translate turns any error a handler returned into one safe to send: API
// errors and statuses pass through, cancellations keep their code, and
// everything else (a database error, a bug) becomes Internal without its
// text. The second result reports whether the cause was hidden, so the
// caller can log it.
func Translate(err error, requestID string) (error, bool) {
	if err == nil {
		return nil, false
	}
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr, false
	}
	switch {
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, "request canceled"), false
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Code: codes.DeadlineExceeded, Reason: typev1.ErrorReason_DEPENDENCY_UNAVAILABLE, Message: "deadline exceeded"}, false
	}
	if st, ok := status.FromError(err); ok && st.Code() != codes.Unknown {
		return err, false
	}
	return Internal(requestID), true
}
