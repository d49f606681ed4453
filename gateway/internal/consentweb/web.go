// Package consentweb adapts the consent service's API to a browser and a
// spreadsheet, where JSON in and out is not enough: the cookie that binds a
// started LinkedIn connection to the browser that started it, the redirect
// after LinkedIn's OAuth callback, and the CSV download of the connections
// report.
package consentweb

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
	consentgw "github.com/liaisonhq/liaison/gateway/internal/gen/liaison/consent/v1"
	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// Web is the consent service's routes with their browser adapters.
type Web struct {
	client  consentv1.ConsentServiceClient
	binding browserBinding
	export  *connectionsExport
}

// New returns the consent routes calling the service over conn. With dev
// set the binding cookie also travels over plain http://localhost. errors
// writes errors like the mux the routes are registered on.
func New(conn *grpc.ClientConn, dev bool, logger *slog.Logger, errors *jsonapi.Errors) *Web {
	client := consentv1.NewConsentServiceClient(conn)
	return &Web{
		client:  client,
		binding: browserBinding{secure: !dev},
		export:  &connectionsExport{client: client, logger: logger, errors: errors},
	}
}

// MuxOptions are what the shared mux needs for these routes.
func (w *Web) MuxOptions() []runtime.ServeMuxOption {
	return []runtime.ServeMuxOption{
		runtime.WithMetadata(w.binding.metadata),
		runtime.WithOutgoingHeaderMatcher(outgoingHeader),
		runtime.WithForwardResponseOption(w.binding.remember),
		runtime.WithForwardResponseOption(w.binding.forget),
		runtime.WithForwardResponseOption(redirectAfterCallback),
		runtime.WithMiddlewares(w.export.intercept),
	}
}

// Register adds the consent service's routes to mux.
func (w *Web) Register(ctx context.Context, mux *runtime.ServeMux) error {
	return consentgw.RegisterConsentServiceHandlerClient(ctx, mux, w.client)
}

// Describe adds to the API document what the generated one cannot say: the
// CSV download, and that the OAuth callback ignores parameters it does not
// know, as OAuth requires.
func (w *Web) Describe(doc *apidoc.Document) error {
	if err := doc.AddQueryParameter(http.MethodGet, listConnectionsPath, apidoc.Parameter{
		Name: "format", Enum: []string{"csv"},
		Description: "csv: the whole report as one CSV download (text/csv; columns " + csvColumns() +
			"), streamed across every page; pageSize and pageToken do not apply to it and are ignored. Absent: JSON, one page.",
	}); err != nil {
		return err
	}
	if err := doc.AddProduces(http.MethodGet, listConnectionsPath, "text/csv"); err != nil {
		return err
	}
	if err := doc.AddDescription(http.MethodGet, listConnectionsPath,
		"With format=csv the answer is the whole report as text/csv, one row per connected user, streamed across every page: paging does not apply to it."); err != nil {
		return err
	}
	return doc.IgnoreUnknownQuery(http.MethodGet, callbackPath)
}
