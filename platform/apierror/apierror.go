// Package apierror is the one place where Liaison errors become gRPC
// statuses: a canonical code, a human message, a google.rpc.ErrorInfo whose
// reason comes from liaison.type.v1.ErrorReason, and for bad requests a
// google.rpc.BadRequest naming each field and the rule it broke.
package apierror

import (
	"fmt"
	"strconv"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
)

// Domain is the ErrorInfo domain of every Liaison error.
const Domain = "liaison.dev"

// FieldViolation is one broken rule of one request field.
type FieldViolation struct {
	// Field is the path of the field in the request, e.g. "user.email".
	Field string
	// Rule says what is wrong, e.g. "is required".
	Rule string
}

// Error is an error meant for the API caller. Its GRPCStatus method lets
// gRPC send it as is.
type Error struct {
	Code       codes.Code
	Reason     typev1.ErrorReason
	Message    string
	Metadata   map[string]string
	Violations []FieldViolation
}

func (e *Error) Error() string { return e.Message }

// GRPCStatus converts the error to a status with its details.
func (e *Error) GRPCStatus() *status.Status {
	st := status.New(e.Code, e.Message)
	details := []protoadapt.MessageV1{&errdetails.ErrorInfo{
		Reason:   e.Reason.String(),
		Domain:   Domain,
		Metadata: e.Metadata,
	}}
	if len(e.Violations) > 0 {
		br := &errdetails.BadRequest{}
		for _, v := range e.Violations {
			br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{
				Field: v.Field, Description: v.Rule,
			})
		}
		details = append(details, br)
	}
	withDetails, err := st.WithDetails(details...)
	if err != nil {
		return st
	}
	return withDetails
}

// InvalidArgument reports broken request rules; the message lists them.
func InvalidArgument(violations ...FieldViolation) *Error {
	msg := "invalid request"
	for i, v := range violations {
		sep := ": "
		if i > 0 {
			sep = "; "
		}
		msg += sep + v.Field + " " + v.Rule
	}
	return &Error{Code: codes.InvalidArgument, Reason: typev1.ErrorReason_FIELD_INVALID, Message: msg, Violations: violations}
}

// InvalidField reports one broken rule.
func InvalidField(field, rule string) *Error {
	return InvalidArgument(FieldViolation{Field: field, Rule: rule})
}

// NotFound reports that a resource does not exist or is not visible to the
// caller; kind is e.g. "user", id its id.
func NotFound(kind, id string) *Error {
	return &Error{
		Code: codes.NotFound, Reason: typev1.ErrorReason_RESOURCE_NOT_FOUND,
		Message:  fmt.Sprintf("%s %q not found", kind, id),
		Metadata: map[string]string{"kind": kind, "id": id},
	}
}

// AlreadyExists reports a create whose id is taken.
func AlreadyExists(kind, id string) *Error {
	return &Error{
		Code: codes.AlreadyExists, Reason: typev1.ErrorReason_RESOURCE_ALREADY_EXISTS,
		Message:  fmt.Sprintf("%s %q already exists", kind, id),
		Metadata: map[string]string{"kind": kind, "id": id},
	}
}

// EtagMismatch reports an update based on a stale read.
func EtagMismatch(kind string) *Error {
	return &Error{
		Code: codes.Aborted, Reason: typev1.ErrorReason_ETAG_MISMATCH,
		Message:  fmt.Sprintf("%s changed since it was read (etag mismatch): read it again and retry", kind),
		Metadata: map[string]string{"kind": kind, "field": "etag"},
	}
}

// FailedPrecondition reports an operation that the resource's state refuses.
func FailedPrecondition(reason typev1.ErrorReason, message string, metadata map[string]string) *Error {
	return &Error{Code: codes.FailedPrecondition, Reason: reason, Message: message, Metadata: metadata}
}

// Unauthenticated reports a missing or invalid token. The message never
// contains the token.
func Unauthenticated(message string) *Error {
	return &Error{Code: codes.Unauthenticated, Reason: typev1.ErrorReason_TOKEN_INVALID, Message: message}
}

// TokenExpired reports a call, or a stream, whose token has expired: the
// caller gets a fresh token and calls again.
func TokenExpired() *Error {
	return &Error{
		Code: codes.Unauthenticated, Reason: typev1.ErrorReason_TOKEN_INVALID,
		Message:  "token expired: call again with a fresh token",
		Metadata: map[string]string{"token": "expired"},
	}
}

// IsTokenExpired reports whether err, as a client received it, is
// TokenExpired.
func IsTokenExpired(err error) bool {
	st, ok := status.FromError(err)
	if !ok || st.Code() != codes.Unauthenticated {
		return false
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.Metadata["token"] == "expired" {
			return true
		}
	}
	return false
}

// HasReason reports whether err, as a client received it, carries reason.
func HasReason(err error, reason typev1.ErrorReason) bool {
	st, ok := status.FromError(err)
	if !ok || err == nil {
		return false
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.Reason == reason.String() {
			return true
		}
	}
	return false
}

// ResourceExhausted reports a caller over a quota, such as its open streams;
// it may try again once it holds fewer.
func ResourceExhausted(message string, limit int) *Error {
	return &Error{
		Code: codes.ResourceExhausted, Reason: typev1.ErrorReason_LIMIT_REACHED,
		Message: message, Metadata: map[string]string{"limit": strconv.Itoa(limit)},
	}
}

// PermissionDenied reports a caller whose roles do not allow the operation.
func PermissionDenied(message string) *Error {
	return &Error{Code: codes.PermissionDenied, Reason: typev1.ErrorReason_ROLE_REQUIRED, Message: message}
}

// Unavailable reports a dependency that cannot be reached; callers retry.
func Unavailable(what string) *Error {
	return &Error{
		Code: codes.Unavailable, Reason: typev1.ErrorReason_DEPENDENCY_UNAVAILABLE,
		Message:  what + " is unavailable; retry with backoff",
		Metadata: map[string]string{"dependency": what},
	}
}

// Internal reports an unexpected fault without its cause, which stays in the
// server log under the request id.
func Internal(requestID string) *Error {
	return &Error{
		Code: codes.Internal, Reason: typev1.ErrorReason_INTERNAL_FAULT,
		Message:  "internal error (request id " + requestID + ")",
		Metadata: map[string]string{"request_id": requestID},
	}
}
