package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// wantFieldError checks that body is a FIELD_INVALID error whose BadRequest
// names field (or a field under it, such as user.id for user).
func wantFieldError(t *testing.T, body []byte, field string) {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %s: %v", body, err)
	}
	reason, _ := e.errorInfo()
	fields := e.badFields()
	if reason != "FIELD_INVALID" || !slices.ContainsFunc(fields, func(f string) bool { return strings.HasPrefix(f, field) }) {
		t.Errorf("reason %q, fields %v; want FIELD_INVALID naming %s (body %s)", reason, fields, field, body)
	}
}

// apiOperation is one route of the served API document.
type apiOperation struct {
	method, path string
	params       []struct {
		Name    string `json:"name"`
		In      string `json:"in"`
		Pattern string `json:"pattern"`
	}
}

// servedOperations reads the routes of the gateway's /openapi.json.
func servedOperations(t *testing.T) []apiOperation {
	t.Helper()
	resp := anonymous.send(t, "GET", "/openapi.json", nil)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(resp.body, &doc); err != nil {
		t.Fatal(err)
	}
	var ops []apiOperation
	for path, item := range doc.Paths {
		for method, raw := range item {
			op := apiOperation{method: strings.ToUpper(method), path: path}
			var fields struct {
				Parameters *[]struct {
					Name    string `json:"name"`
					In      string `json:"in"`
					Pattern string `json:"pattern"`
				} `json:"parameters"`
			}
			if err := json.Unmarshal(raw, &fields); err != nil || fields.Parameters == nil {
				continue // not an operation, or one without parameters
			}
			op.params = *fields.Parameters
			ops = append(ops, op)
		}
	}
	return ops
}

// target is the operation's path with each variable set to a valid value,
// except bad, set to a byte that is not UTF-8.
func (op apiOperation) target(bad string) string {
	path := op.path
	for _, p := range op.params {
		if p.In != "path" {
			continue
		}
		value := "x"
		if p.Name == bad {
			value = "%FF"
		}
		if strings.Contains(p.Pattern, "/") {
			value = "users/" + value
		}
		path = strings.Replace(path, "{"+p.Name+"}", value, 1)
	}
	return path
}

// TestGatewayRefusesInvalidUTF8OnEveryRoute: a path variable or query
// parameter that is not UTF-8 answers 400 naming it, on every route of the
// document; nine routes used to answer 500, as the text cannot be sent to a
// service.
func TestGatewayRefusesInvalidUTF8OnEveryRoute(t *testing.T) {
	ops := operator(t)
	checked := 0
	for _, op := range servedOperations(t) {
		for _, p := range op.params {
			var target string
			switch p.In {
			case "path":
				target = op.target(p.Name)
			case "query":
				target = op.target("") + "?" + url.QueryEscape(p.Name) + "=%FF"
			default:
				continue
			}
			resp := ops.sendPaced(t, op.method, target, nil)
			if resp.status != http.StatusBadRequest {
				t.Errorf("%s %s with %s (%s) not UTF-8: status %d, want 400; body %s", op.method, op.path, p.Name, p.In, resp.status, resp.body)
				continue
			}
			wantFieldError(t, resp.body, p.Name)
			checked++
		}
	}
	if checked < 40 {
		t.Errorf("only %d parameters checked", checked)
	}

	t.Run("in a JSON body", func(t *testing.T) {
		resp := ops.sendPaced(t, "POST", "/v1/tenants", "{\"id\": \"utf8-body\", \"displayName\": \"Bad \xff\"}")
		if resp.status != http.StatusBadRequest {
			t.Fatalf("status %d, want 400; body %s", resp.status, resp.body)
		}
		wantFieldError(t, resp.body, "displayName")
	})
}

// TestGatewayStrictness: data after the JSON body, query parameters a
// route does not take (under that exact spelling), a singular parameter
// given twice, a value of the wrong type and text that is not Unicode are
// refused naming the field, rather than dropped or misread.
func TestGatewayStrictness(t *testing.T) {
	ten, admin := newTenant(t, "US")
	base := tenantPath(ten.ID)
	for _, c := range []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"two JSON values", "POST", base + "/users", `{"id": "a1", "email": "a1@example.com", "displayName": "A"} {"id": "a2"}`, "body"},
		{"trailing garbage", "PATCH", base + "/linkedinSettings", `{"mode": "DISABLED"} garbage`, "body"},
		{"unknown query parameter", "GET", base + "/users?pageSize=5&colour=blue", nil, "colour"},
		{"misspelt paging", "GET", base + "/auditLog?page_sise=5", nil, "page_sise"},
		{"query on a route without any", "GET", base + "?verbose=true", nil, "verbose"},
		// grpc-gateway reads only the exact JSON or proto name.
		{"parameter in the wrong case", "GET", base + "/users?PAGESIZE=1", nil, "PAGESIZE"},
		{"parameter half camel, half snake", "GET", base + "/users?page_Size=1", nil, "page_Size"},
		// The CSV download pages by itself, but its query is checked too.
		{"page size not a number on the CSV download", "GET", base + "/linkedinConnections?format=csv&pageSize=abc", nil, "pageSize"},
		{"page size not a number", "GET", base + "/auditLog?page_size=abc", nil, "pageSize"},
		{"format twice", "GET", base + "/linkedinConnections?format=csv&format=json", nil, "format"},
		{"page size under both spellings", "GET", base + "/users?pageSize=1&page_size=2", nil, "pageSize"},
		{"lone surrogate escape", "POST", base + "/users", `{"id": "a3", "email": "a3@example.com", "displayName": "\ud800"}`, "displayName"},
		{"key that is not UTF-8", "POST", base + "/users", "{\"id\": \"a4\", \"display\xffName\": \"A\"}", `display\xffName`},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := admin.send(t, c.method, c.path, c.body)
			if resp.status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400; body %s", resp.status, resp.body)
			}
			wantFieldError(t, resp.body, c.field)
		})
	}
	// Nothing was stored by the refused requests.
	if resp := admin.send(t, "GET", base+"/users/a1", nil); resp.status != http.StatusNotFound {
		t.Errorf("a refused create was stored: %d", resp.status)
	}
	// The proto spelling of a parameter is still taken.
	admin.ok(t, "GET", base+"/users?page_size=5", nil, nil)
}

// TestGatewayAnswersAreNotCachedOrSniffed: every answer carries
// Cache-Control: no-store and X-Content-Type-Options: nosniff, errors
// included.
func TestGatewayAnswersAreNotCachedOrSniffed(t *testing.T) {
	admin := as(t, "contoso", "admin", roleTenantAdmin)
	for _, c := range []struct{ method, path string }{
		{"GET", "/v1/tenants/contoso/linkedinSettings"},
		{"GET", "/v1/tenants/contoso/linkedinConnections?format=csv"},
		{"GET", "/v1/tenants/nobody"},
		{"GET", "/openapi.json"},
	} {
		resp := admin.send(t, c.method, c.path, nil)
		if resp.header.Get("Cache-Control") != "no-store" || resp.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s (%d): Cache-Control %q, X-Content-Type-Options %q", c.method, c.path, resp.status,
				resp.header.Get("Cache-Control"), resp.header.Get("X-Content-Type-Options"))
		}
	}
}

// TestOpenAPIDocumentPaths: no two paths of the served document differ
// only in their parameters' names (OpenAPI 3 forbids it; /users/{user} and
// /users/{user.id} did), and the CSV form of the report is described.
func TestOpenAPIDocumentPaths(t *testing.T) {
	variable := regexp.MustCompile(`\{[^}]*\}`)
	seen := map[string]string{}
	var formats []string
	for _, op := range servedOperations(t) {
		key := variable.ReplaceAllString(op.path, "{}")
		if other, ok := seen[key]; ok && other != op.path {
			t.Errorf("paths %s and %s differ only in parameter names", op.path, other)
		}
		seen[key] = op.path
		if op.method == "GET" && op.path == "/v1/tenants/{tenant}/linkedinConnections" {
			for _, p := range op.params {
				formats = append(formats, p.Name)
			}
		}
	}
	if !slices.Contains(formats, "format") {
		t.Errorf("the report's parameters %v do not describe format=csv", formats)
	}
}
