package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// A query value of the wrong type is refused naming the parameter as the
// document spells it, on every route that takes it: the CSV download, which
// pages by itself, used to take ?pageSize=abc.
func TestQueryValuesOfTheWrongTypeAreRefused(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)
	checked := 0
	for _, op := range documentOperations(t) {
		for _, p := range op.params {
			if p.In != "query" || p.Name != "pageSize" {
				continue
			}
			queries := []string{"pageSize=abc", "page_size=abc", "pageSize=1.5", "pageSize=99999999999", "pageSize="}
			if strings.HasSuffix(op.path, "/linkedinConnections") { // and its CSV form
				queries = append(queries, "format=csv&pageSize=abc", "pageSize=x&format=csv")
			}
			for _, query := range queries {
				target := op.url("") + "?" + query
				resp, body := apitest.Do(t, op.method, gw.URL+target, "", http.Header{"Authorization": {"Bearer admin"}})
				if _, reason, field := apitest.ParseError(t, body); resp.StatusCode != http.StatusBadRequest || reason != "FIELD_INVALID" || field != "pageSize" {
					t.Errorf("%s %s: status %d, field %q; want 400 naming pageSize (body %s)", op.method, target, resp.StatusCode, field, body)
				}
			}
			checked++
		}
	}
	if checked < 6 {
		t.Errorf("only %d routes with pageSize checked", checked)
	}
	for _, target := range []string{"/v1/tenants/contoso/users?pageSize=5", "/v1/tenants/contoso/users?pageSize=-1", "/v1/tenants/contoso/users?page_size=%2B7"} {
		if resp, body := apitest.Do(t, "GET", gw.URL+target, "", nil); resp.StatusCode == http.StatusBadRequest {
			t.Errorf("%s: refused: %s", target, body)
		}
	}
}

// A parameter that takes one value, given twice or under both its
// spellings, is refused naming it: which value won was left to chance.
func TestSingularQueryParametersGivenTwiceAreRefused(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)
	for target, want := range map[string]string{
		"/v1/tenants/contoso/linkedinConnections?format=csv&format=json":            "format",
		"/v1/tenants/contoso/linkedinConnections?format=csv&format=csv":             "format",
		"/v1/tenants/contoso/users?pageSize=1&pageSize=2":                           "pageSize",
		"/v1/tenants/contoso/users?pageSize=1&page_size=1":                          "pageSize",
		"/v1/tenants/contoso/users?pageToken=a&pageToken=b":                         "pageToken",
		"/v1/me/access?capability=ACCOUNT_CONNECTION&capability=ACCOUNT_CONNECTION": "capability",
		"/v1/linkedin/callback?code=a&code=b&state=s":                               "code",
	} {
		resp, body := apitest.Do(t, "GET", gw.URL+target, "", http.Header{"Authorization": {"Bearer admin"}})
		if _, reason, field := apitest.ParseError(t, body); resp.StatusCode != http.StatusBadRequest || reason != "FIELD_INVALID" || field != want {
			t.Errorf("%s: status %d, field %q; want 400 naming %s (body %s)", target, resp.StatusCode, field, want, body)
		}
	}
}
