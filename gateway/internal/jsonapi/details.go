package jsonapi

import (
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// ErrorDomain is the domain of every ErrorInfo Liaison sends.
const ErrorDomain = "liaison.dev"

// InvalidField is the error of a request field that is missing or breaks a
// rule, in the shape the services use: InvalidArgument with an ErrorInfo
// reason FIELD_INVALID and a BadRequest naming the field.
func InvalidField(field, description string) error {
	return newError(codes.InvalidArgument, field+": "+description,
		&errdetails.ErrorInfo{Reason: typev1.ErrorReason_FIELD_INVALID.String(), Domain: ErrorDomain},
		&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: field, Description: description}}},
	)
}

func unavailable() error {
	return newError(codes.Unavailable, "service unavailable; retry with backoff",
		&errdetails.ErrorInfo{Reason: typev1.ErrorReason_DEPENDENCY_UNAVAILABLE.String(), Domain: ErrorDomain})
}

// timedOut is the answer to a service call that ran out of time (the
// gateway's --backend-timeout or the client's Grpc-Timeout): HTTP 504.
func timedOut() error {
	return newError(codes.DeadlineExceeded, "service did not answer in time; retry with backoff",
		&errdetails.ErrorInfo{Reason: typev1.ErrorReason_DEPENDENCY_UNAVAILABLE.String(), Domain: ErrorDomain})
}

func newError(code codes.Code, msg string, details ...protoadapt.MessageV1) error {
	st, err := status.New(code, msg).WithDetails(details...)
	if err != nil {
		// Only a detail that cannot be marshaled fails, and ours all can.
		panic(err)
	}
	return st.Err()
}
