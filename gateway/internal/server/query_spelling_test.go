package server

import (
	"net/http"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// grpc-gateway reads a query parameter only under its JSON name (pageSize)
// or its proto name (page_size), exactly. ?PAGESIZE=1 was taken by the
// checks, which compared names without case, and then silently ignored.
func TestQueryParameterNamesMustBeSpeltExactly(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)
	for target, want := range map[string]string{
		"/v1/tenants/contoso/users?PAGESIZE=1":                        "PAGESIZE",
		"/v1/tenants/contoso/users?PageSize=1":                        "PageSize",
		"/v1/tenants/contoso/users?pagesize=1":                        "pagesize",
		"/v1/tenants/contoso/users?Page_Size=1":                       "Page_Size",
		"/v1/tenants/contoso/users?page_Size=1":                       "page_Size",
		"/v1/tenants/contoso/auditLog?pageSize=1&PageToken=x":         "PageToken",
		"/v1/me/access?Capability=ACCOUNT_CONNECTION":                 "Capability",
		"/v1/tenants/contoso/linkedinConnections?FORMAT=csv":          "FORMAT",
		"/v1/tenants/contoso/linkedinConnections?format=csv&PAGESIZE": "PAGESIZE",
	} {
		resp, body := apitest.Do(t, "GET", gw.URL+target, "", http.Header{"Authorization": {"Bearer admin"}})
		if _, reason, field := apitest.ParseError(t, body); resp.StatusCode != http.StatusBadRequest || reason != "FIELD_INVALID" || field != want {
			t.Errorf("%s: status %d, field %q; want 400 naming %s (body %s)", target, resp.StatusCode, field, want, body)
		}
	}
	// The two spellings grpc-gateway reads are taken.
	for _, target := range []string{
		"/v1/tenants/contoso/users?pageSize=1&pageToken=x",
		"/v1/tenants/contoso/users?page_size=1&page_token=x",
	} {
		if resp, body := apitest.Do(t, "GET", gw.URL+target, "", nil); resp.StatusCode == http.StatusBadRequest {
			t.Errorf("%s: refused: %s", target, body)
		}
	}
}
