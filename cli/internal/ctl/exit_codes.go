package ctl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Exit codes scripts can rely on. Each names a kind of failure, whatever
// the command; the README lists them.
const (
	ExitOK           = 0
	ExitFailure      = 1 // anything not below: an internal error, a broken stream
	ExitUsage        = 2 // bad flags or arguments, or a file that fails its schema
	ExitInvalid      = 3 // the service refused the input (INVALID_ARGUMENT, OUT_OF_RANGE)
	ExitNotFound     = 4 // NOT_FOUND
	ExitConflict     = 5 // ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION: e.g. an etag that no longer matches
	ExitUnauthorized = 6 // UNAUTHENTICATED, PERMISSION_DENIED
	ExitUnavailable  = 7 // UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED: try again later
	ExitChanges      = 8 // apply --dry-run --exit-code: the plan has changes
)

// usageError is a mistake in how liaisonctl was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// exitError ends the command with a code and no message of its own.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// exitCode is the code err ends liaisonctl with.
func exitCode(err error) int {
	var usage *usageError
	var exit *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &exit):
		return exit.code
	case errors.As(err, &usage):
		return ExitUsage
	case errors.Is(err, context.DeadlineExceeded):
		return ExitUnavailable
	}
	st, ok := status.FromError(err)
	if !ok {
		return ExitFailure
	}
	switch st.Code() {
	case codes.InvalidArgument, codes.OutOfRange:
		return ExitInvalid
	case codes.NotFound:
		return ExitNotFound
	case codes.AlreadyExists, codes.Aborted, codes.FailedPrecondition:
		return ExitConflict
	case codes.Unauthenticated, codes.PermissionDenied:
		return ExitUnauthorized
	case codes.Unavailable, codes.DeadlineExceeded, codes.ResourceExhausted:
		return ExitUnavailable
	}
	return ExitFailure
}

// reportError writes err to w as people read it: the message, then the
// service's reason, the fields at fault and what else it said.
func reportError(w io.Writer, err error, requestID string) {
	var exit *exitError
	if errors.As(err, &exit) {
		return
	}
	st, ok := status.FromError(err)
	if !ok {
		fmt.Fprintf(w, "liaisonctl: %v\n", err)
		return
	}
	fmt.Fprintf(w, "liaisonctl: %s: %s\n", codeName(st.Code()), st.Message())
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			fmt.Fprintf(w, "  reason: %s\n", d.Reason)
			keys := make([]string, 0, len(d.Metadata))
			for k := range d.Metadata {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(w, "  %s: %s\n", k, d.Metadata[k])
			}
		case *errdetails.BadRequest:
			for _, v := range d.FieldViolations {
				fmt.Fprintf(w, "  field %s: %s\n", v.Field, v.Description)
			}
		}
	}
	fmt.Fprintf(w, "  request id: %s\n", requestID)
	switch st.Code() {
	case codes.Unauthenticated:
		fmt.Fprintln(w, "  (sign in again: liaisonctl login, or liaisonctl dev-token --save in dev)")
	case codes.Unavailable:
		fmt.Fprintln(w, "  (is the service running at the address in your settings? liaisonctl config view)")
	}
}

// codeName is a gRPC code as the API documents it, e.g. NOT_FOUND.
func codeName(c codes.Code) string {
	var b strings.Builder
	for i, r := range c.String() {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}
