package jsonapi

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
)

// A 405 must say which methods the path takes (RFC 9110: Allow), but
// grpc-gateway's routing error handler is told only the status. So the mux
// is asked: the same request is sent again under each method as a probe,
// which answerProbe, the outermost mux middleware, catches on a match
// before any check or service call runs. The mux's own matching (path
// variables, wildcards, verbs) decides, for every route it holds.

// probeKey marks a probe request; its value is the probe.
type probeKey struct{}

type probe struct{ matched bool }

// probedMethods are the methods an Allow header may list, in its order.
var probedMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions,
}

// answerProbe is a mux middleware (runtime.WithMiddlewares) that must run
// first: it records that a probe matched a route and ends it there.
func answerProbe(next runtime.HandlerFunc) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, pathParams map[string]string) {
		if p, ok := r.Context().Value(probeKey{}).(*probe); ok {
			p.matched = true
			return
		}
		next(w, r, pathParams)
	}
}

// isProbe reports whether r is a probe, which gets no answer of its own.
func isProbe(r *http.Request) bool {
	_, ok := r.Context().Value(probeKey{}).(*probe)
	return ok
}

// allowHeader is the Allow value for r's path: the methods mux routes it for.
func allowHeader(mux *runtime.ServeMux, r *http.Request) string {
	var allowed []string
	for _, method := range probedMethods {
		p := &probe{}
		req := r.Clone(context.WithValue(r.Context(), probeKey{}, p))
		req.Method = method
		req.Body = http.NoBody
		mux.ServeHTTP(discard{}, req)
		if p.matched {
			allowed = append(allowed, method)
		}
	}
	// HeadAsGet answers HEAD wherever GET is answered.
	if i := slices.Index(allowed, http.MethodGet); i >= 0 && !slices.Contains(allowed, http.MethodHead) {
		allowed = slices.Insert(allowed, i+1, http.MethodHead)
	}
	return strings.Join(allowed, ", ")
}

// discard is a ResponseWriter that drops what a probe would write.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
