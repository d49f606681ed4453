package jsonapi

import (
	"log/slog"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	"github.com/liaisonhq/liaison/platform/requestid"
)

// MuxOptions are the options every gateway mux starts from: the JSON
// marshaler, errors in the services' shape, and the request headers and
// the request id forwarded to the services. A form-encoded POST never falls
// back to a GET route: that fallback reads the body as a query, around
// every check of the query.
// The options' middleware comes first, so it runs before any a caller adds:
// a probe for a 405's Allow header (RoutingErrorHandler) reaches no check
// and no service.
func MuxOptions(logger *slog.Logger) []runtime.ServeMuxOption {
	return []runtime.ServeMuxOption{
		runtime.WithMiddlewares(answerProbe),
		runtime.WithMarshalerOption(runtime.MIMEWildcard, Marshaler()),
		runtime.WithErrorHandler(NewErrorHandler(logger)),
		runtime.WithRoutingErrorHandler(RoutingErrorHandler),
		runtime.WithIncomingHeaderMatcher(incomingHeader),
		runtime.WithMetadata(requestid.Metadata),
		runtime.WithDisablePathLengthFallback(),
	}
}

// ErrorWriter writes an error response, as the mux writes its routes'
// errors (Errors.Write).
type ErrorWriter func(w http.ResponseWriter, r *http.Request, err error)

// Errors writes errors exactly as a mux does (its marshaler, its error
// handler), for code outside the generated routes: the gateway's own routes
// and the mux's middlewares. Those are built before the mux they run in, so
// the mux is attached once it exists, before it serves.
type Errors struct{ mux *runtime.ServeMux }

// Attach sets the mux whose way of writing errors Write follows.
func (e *Errors) Attach(mux *runtime.ServeMux) { e.mux = mux }

// Mux is the attached mux.
func (e *Errors) Mux() *runtime.ServeMux { return e.mux }

// Write writes err as the mux would.
func (e *Errors) Write(w http.ResponseWriter, r *http.Request, err error) {
	_, m := runtime.MarshalerForRequest(e.mux, r)
	runtime.HTTPError(r.Context(), e.mux, m, w, r, err)
}

// Handler adapts a handler that returns the error to answer with, instead
// of writing it, to a mux route.
func Handler(writeError ErrorWriter, h func(http.ResponseWriter, *http.Request) error) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ map[string]string) {
		if err := h(w, r); err != nil {
			writeError(w, r, err)
		}
	}
}
