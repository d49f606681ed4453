package jsonapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// HTTPStatus is the HTTP status of a gRPC code in our API contract:
// grpc-gateway's standard mapping, except that a failed precondition (the
// state of a resource forbids the change) is a 409 Conflict, like Aborted.
func HTTPStatus(code codes.Code) int {
	switch code {
	case codes.FailedPrecondition, codes.Aborted:
		return http.StatusConflict
	}
	return runtime.HTTPStatusFromCode(code)
}

// NewErrorHandler returns the handler (for runtime.WithErrorHandler) that
// writes an error as its google.rpc.Status in JSON (code, message, details)
// with the status from HTTPStatus.
func NewErrorHandler(logger *slog.Logger) runtime.ErrorHandlerFunc {
	return func(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
		httpStatus := 0
		var withStatus *runtime.HTTPStatusError
		if errors.As(err, &withStatus) {
			// Routing errors (404, 405) already carry the status they need.
			httpStatus, err = withStatus.HTTPStatus, withStatus.Err
		}
		if replacement := transportFailure(err); replacement != nil {
			logger.WarnContext(r.Context(), "service unreachable or too slow", "error", err)
			err = replacement
		}
		err = knownDetails(err)
		if httpStatus == 0 {
			httpStatus = HTTPStatus(status.Code(err))
		}
		err = bounded(withViolationReasons(withErrorInfo(err, httpStatus)))
		runtime.DefaultHTTPErrorHandler(ctx, mux, m, w, r, &runtime.HTTPStatusError{HTTPStatus: httpStatus, Err: err})
	}
}

// RoutingErrorHandler answers a path or method the mux does not route with
// the HTTP status the mux chose. grpc-gateway's default turns a wrong method
// into Unimplemented, which our mapping would answer with 501, not 405.
// A 405 carries an Allow header listing the methods the path takes.
func RoutingErrorHandler(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	if isProbe(r) {
		return
	}
	if httpStatus == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", allowHeader(mux, r))
	}
	code := codes.Internal
	switch httpStatus {
	case http.StatusNotFound:
		code = codes.NotFound
	case http.StatusMethodNotAllowed:
		code = codes.Unimplemented
	case http.StatusBadRequest:
		code = codes.InvalidArgument
	}
	err := withErrorInfo(status.Error(code, http.StatusText(httpStatus)), httpStatus)
	runtime.HTTPError(ctx, mux, m, w, r, &runtime.HTTPStatusError{HTTPStatus: httpStatus, Err: err})
}

// transportFailure is the answer to an error gRPC raised itself rather than
// one a service sent, or nil: every error a Liaison service sends carries an
// ErrorInfo, while gRPC's own Unavailable (unreachable) and DeadlineExceeded
// (no answer in time) do not, and their messages name internal addresses.
func transportFailure(err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return nil
	}
	for _, d := range st.Details() {
		if _, ok := d.(*errdetails.ErrorInfo); ok {
			return nil
		}
	}
	switch st.Code() {
	case codes.Unavailable:
		return unavailable()
	case codes.DeadlineExceeded:
		return timedOut()
	}
	return nil
}

// knownDetails drops the details whose type this binary does not know. JSON
// cannot encode them, and without this one unknown detail (from a service
// newer than the gateway) would turn the whole error into a bare 500.
func knownDetails(err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	p := st.Proto() // a copy, safe to edit
	kept := p.Details[:0]
	for _, d := range p.Details {
		if _, ferr := protoregistry.GlobalTypes.FindMessageByURL(d.GetTypeUrl()); ferr == nil {
			kept = append(kept, d)
		}
	}
	if len(kept) == len(p.Details) {
		return err
	}
	p.Details = kept
	return status.ErrorProto(p)
}
