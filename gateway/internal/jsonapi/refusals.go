package jsonapi

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/durationpb"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// The gateway's own refusals of requests that would cost too much, in the
// shape of every API error.

// BodyTooLarge is the answer to a body over the limit: HTTP 413, with the
// rule in a BadRequest on the field "body".
func BodyTooLarge(limit int64) error {
	return bodyTooLarge(fmt.Sprintf("larger than the limit of %d bytes (--max-body-bytes)", limit))
}

// RouteBodyTooLarge is BodyTooLarge for a route with a limit of its own,
// below the gateway's.
func RouteBodyTooLarge(limit int64) error {
	return bodyTooLarge(fmt.Sprintf("larger than this route's limit of %d bytes", limit))
}

func bodyTooLarge(rule string) error {
	return &runtime.HTTPStatusError{HTTPStatus: http.StatusRequestEntityTooLarge, Err: InvalidField("body", rule)}
}

// RequestTimeout is the answer to a body that did not arrive within the
// read timeout: HTTP 408, on the field "body". The client may send it again
// faster; the connection is closed after the answer.
func RequestTimeout() error {
	return &runtime.HTTPStatusError{
		HTTPStatus: http.StatusRequestTimeout,
		Err:        InvalidField("body", "was not received within the read timeout (--http-read-timeout); send it again"),
	}
}

// RateLimited is the answer to a caller or address over its rate: HTTP 429
// with a RetryInfo; the caller sets Retry-After to the same delay. limit
// says which limit it was ("caller" or "address").
func RateLimited(limit string, retryAfter time.Duration) error {
	return newError(codes.ResourceExhausted, fmt.Sprintf("too many requests from this %s; retry after %s", limit, retryAfter.Round(time.Second)),
		&errdetails.ErrorInfo{Reason: typev1.ErrorReason_RATE_LIMITED.String(), Domain: ErrorDomain, Metadata: map[string]string{"limit": limit}},
		&errdetails.RetryInfo{RetryDelay: durationpb.New(retryAfter)},
	)
}

// RetryAfterSeconds is the Retry-After value of a delay: whole seconds,
// rounded up, at least 1.
func RetryAfterSeconds(d time.Duration) string {
	return strconv.FormatInt(max(1, int64((d+time.Second-1)/time.Second)), 10)
}
