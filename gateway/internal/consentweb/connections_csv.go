package consentweb

import (
	"encoding/csv"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// The admin report of LinkedIn connections is also a spreadsheet download:
// GET /v1/tenants/{tenant}/linkedinConnections?format=csv. The generated
// route cannot serve it: grpc-gateway ignores a query parameter the request
// message lacks, and would answer one page of JSON. So a mux middleware takes
// the request before the generated handler when it has a format parameter,
// and pages through ListConnections itself. The download is always the whole
// report: paging parameters do not apply to it, as the API document says,
// though the checks (package strict), which run first, refuse one of the
// wrong type or given twice, as on the JSON route.

const (
	// listConnectionsPattern is the report's route from http_rules.yaml, as
	// runtime.Pattern spells it.
	listConnectionsPattern = "/v1/tenants/{tenant=*}/linkedinConnections"
	// listConnectionsPath is the same route as the API document spells it.
	listConnectionsPath = "/v1/tenants/{tenant}/linkedinConnections"
	// exportPageSize is the largest page ListConnections serves: the fewest
	// round trips.
	exportPageSize = 1000
)

// csvHeader names the columns, spelt like the JSON fields they come from.
var csvHeader = []string{"user", "memberId", "direction", "connectTime", "updateTime"}

func csvColumns() string { return strings.Join(csvHeader, ", ") }

// connectionsExport serves the CSV form of the connections report.
type connectionsExport struct {
	client consentv1.ConsentServiceClient
	logger *slog.Logger
	// errors writes errors exactly as for the generated routes, and its mux
	// (the one the middleware runs in) forwards the caller's Authorization
	// and request id with its header matchers and metadata annotators.
	errors *jsonapi.Errors
}

// intercept is the mux middleware (runtime.WithMiddlewares): it serves the
// report's route when the request has a format parameter and passes every
// other request on.
func (e *connectionsExport) intercept(next runtime.HandlerFunc) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, pathParams map[string]string) {
		pattern, ok := runtime.HTTPPattern(r.Context())
		if !ok || r.Method != http.MethodGet || pattern.String() != listConnectionsPattern || !r.URL.Query().Has("format") {
			next(w, r, pathParams)
			return
		}
		if err := e.serve(w, r, pathParams["tenant"]); err != nil {
			e.errors.Write(w, r, err)
		}
	}
}

// serve writes the tenant's whole report as CSV, one row per connected user
// across every page; paging parameters do not apply and are ignored.
//
// The first page is read before anything is written, so a refusal (403 for a
// caller who is not an admin of the tenant, say) is the usual JSON error. A
// page that fails later, once the 200 has gone out, aborts the response: the
// client sees a broken download rather than a short file that looks whole.
func (e *connectionsExport) serve(w http.ResponseWriter, r *http.Request, tenant string) error {
	if format := r.URL.Query().Get("format"); format != "csv" {
		return jsonapi.InvalidField("format", `must be "csv", or absent for JSON`)
	}
	ctx, err := runtime.AnnotateContext(r.Context(), e.errors.Mux(), r, consentv1.ConsentService_ListConnections_FullMethodName)
	if err != nil {
		return err
	}
	req := &consentv1.ListConnectionsRequest{Tenant: tenant, PageSize: exportPageSize}
	page, err := e.client.ListConnections(ctx, req)
	if err != nil {
		return err
	}

	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	// The service accepted the tenant id, and tenant ids are lowercase
	// letters, digits and hyphens: nothing to escape in the quoted name.
	w.Header().Set("Content-Disposition", `attachment; filename="linkedin-connections-`+tenant+`.csv"`)
	out := csv.NewWriter(w)
	// A failed write means the client has gone: there is no one to tell.
	_ = out.Write(csvHeader)
	for {
		for _, c := range page.GetConnections() {
			_ = out.Write(csvRow(c))
		}
		if page.GetNextPageToken() == "" {
			break
		}
		req.PageToken = page.GetNextPageToken()
		if page, err = e.client.ListConnections(ctx, req); err != nil {
			e.logger.WarnContext(ctx, "connections export aborted", "tenant", tenant, "error", err)
			panic(http.ErrAbortHandler)
		}
	}
	out.Flush()
	return nil
}

// csvRow is one connection's row, in csvHeader's order. Times are RFC 3339 in
// UTC to the second, which spreadsheets read as dates.
func csvRow(c *consentv1.Connection) []string {
	return []string{c.GetUser(), c.GetMemberId(), c.GetDirection().String(), csvTime(c.GetConnectTime()), csvTime(c.GetUpdateTime())}
}

func csvTime(ts *timestamppb.Timestamp) string {
	if ts == nil {
		return ""
	}
	return ts.AsTime().UTC().Format(time.RFC3339)
}
