// Package strict refuses, inside the mux and before any service is called,
// requests the generated routes would misread or choke on: a body over the
// limit, text that is not UTF-8 (a service would fail to encode it and
// answer 500), data after the JSON body, and query parameters the route does
// not take (grpc-gateway drops them silently). Each answer is a 4xx naming
// the field and the rule, in the shape of every API error.
package strict

import (
	"log/slog"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// Checker checks requests against the routes of the API document.
type Checker struct {
	routes     apidoc.Routes
	maxBody    int64
	writeError jsonapi.ErrorWriter
	// logger keeps what an answer must not show (a read error's addresses).
	logger *slog.Logger
}

// New returns a Checker allowing bodies of up to maxBody bytes.
func New(routes apidoc.Routes, maxBody int64, writeError jsonapi.ErrorWriter, logger *slog.Logger) *Checker {
	return &Checker{routes: routes, maxBody: maxBody, writeError: writeError, logger: logger}
}

// Middleware is the mux middleware (runtime.WithMiddlewares) that answers a
// request failing a check with the error, and passes the others on.
func (c *Checker) Middleware(next runtime.HandlerFunc) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, pathParams map[string]string) {
		if err := c.check(w, r, pathParams); err != nil {
			c.writeError(w, r, err)
			return
		}
		next(w, r, pathParams)
	}
}

// check runs the cheap checks first: the body is read last.
func (c *Checker) check(w http.ResponseWriter, r *http.Request, pathParams map[string]string) error {
	if err := checkPath(pathParams); err != nil {
		return err
	}
	if err := c.checkQuery(r); err != nil {
		return err
	}
	return c.checkBody(w, r)
}
