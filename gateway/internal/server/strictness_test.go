package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
	"github.com/liaisonhq/liaison/proto/openapi"
)

// operation is one route of the API document.
type operation struct {
	method, path string
	params       openapi2.Parameters
}

func documentOperations(t *testing.T) []operation {
	t.Helper()
	var doc openapi2.T
	if err := json.Unmarshal(openapi.Document, &doc); err != nil {
		t.Fatal(err)
	}
	var ops []operation
	for path, item := range doc.Paths {
		for method, op := range item.Operations() {
			ops = append(ops, operation{method: method, path: path, params: op.Parameters})
		}
	}
	return ops
}

// url is the operation's path with every variable set to a valid value,
// except the one named bad, set to text that is not UTF-8.
func (op operation) url(bad string) string {
	path := op.path
	for _, p := range op.params {
		if p.In != "path" {
			continue
		}
		value := "x"
		if p.Name == bad {
			value = "%FF"
		}
		if strings.Contains(p.Pattern, "/") { // {member=*/*}: two segments
			value = "users/" + value
		}
		path = strings.Replace(path, "{"+p.Name+"}", value, 1)
	}
	return path
}

// Text that is not UTF-8 cannot be encoded into a request to a service; it
// answered 500 on every route with a string path variable. Every route, every
// path variable and every query parameter now answers 400 naming it.
func TestInvalidUTF8IsRefusedNamingTheFieldOnEveryRoute(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)
	checked := 0
	for _, op := range documentOperations(t) {
		for _, p := range op.params {
			target := gw.URL + op.url("")
			switch p.In {
			case "path":
				target = gw.URL + op.url(p.Name)
			case "query":
				target += "?" + url.QueryEscape(p.Name) + "=%FF"
			default:
				continue
			}
			resp, body := apitest.Do(t, op.method, target, "", http.Header{"Authorization": {"Bearer admin"}})
			_, reason, field := apitest.ParseError(t, body)
			if resp.StatusCode != http.StatusBadRequest || reason != "FIELD_INVALID" || !strings.HasPrefix(field, p.Name) {
				t.Errorf("%s %s with %s not UTF-8: status %d, field %q; want 400 naming %s (body %s)", op.method, op.path, p.Name, resp.StatusCode, field, p.Name, body)
			}
			checked++
		}
	}
	if checked < 40 {
		t.Errorf("only %d parameters checked: is the document read?", checked)
	}
}

func TestInvalidUTF8InTheBodyNamesTheField(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)
	resp, body := apitest.Do(t, "POST", gw.URL+"/v1/tenants", "{\"id\": \"fabrikam\", \"displayName\": \"Fabrikam \xff\"}", nil)
	if _, _, field := apitest.ParseError(t, body); resp.StatusCode != http.StatusBadRequest || field != "displayName" {
		t.Errorf("status %d, field %q; want 400 naming displayName (body %s)", resp.StatusCode, field, body)
	}
}

// grpc-gateway decodes one JSON value and would drop what follows it.
func TestDataAfterTheJSONBodyIsRefused(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)
	resp, body := apitest.Do(t, "POST", gw.URL+"/v1/tenants", `{"id": "fabrikam"} {"id": "other"}`, nil)
	if _, _, field := apitest.ParseError(t, body); resp.StatusCode != http.StatusBadRequest || field != "body" {
		t.Errorf("status %d, field %q; want 400 naming body (body %s)", resp.StatusCode, field, body)
	}
}

// grpc-gateway ignores a query parameter the request lacks, so a misspelt
// one looked accepted.
func TestUnknownQueryParametersAreRefusedNamingThem(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)
	for target, want := range map[string]string{
		"/v1/tenants/contoso?colour=blue":               "colour",
		"/v1/tenants/contoso/users?pageSize=5&pagesz=1": "pagesz",
		"/healthz?verbose=1":                            "verbose",
	} {
		resp, body := apitest.Do(t, "GET", gw.URL+target, "", nil)
		if _, _, field := apitest.ParseError(t, body); resp.StatusCode != http.StatusBadRequest || field != want {
			t.Errorf("%s: status %d, field %q; want 400 naming %s (body %s)", target, resp.StatusCode, field, want, body)
		}
	}
	// Both spellings of a parameter are taken.
	for _, target := range []string{"/v1/tenants/contoso/users?page_size=5&pageToken=x", "/v1/me/access?capability=ACCOUNT_CONNECTION&surface=WEB"} {
		if resp, body := apitest.Do(t, "GET", gw.URL+target, "", nil); resp.StatusCode == http.StatusBadRequest {
			t.Errorf("%s: refused: %s", target, body)
		}
	}
	// OAuth has a client ignore what it does not know in the provider's redirect.
	if resp, body := apitest.Do(t, "GET", gw.URL+"/v1/linkedin/callback?code=c&state=s&extra=1", "", nil); resp.StatusCode == http.StatusBadRequest {
		t.Errorf("callback with an extra parameter refused: %s", body)
	}
}
