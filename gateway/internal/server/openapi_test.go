package server

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// servedDocument fetches /openapi.json from a gateway and converts it to
// OpenAPI 3, as a code generator would.
func servedDocument(t *testing.T) *openapi3.T {
	t.Helper()
	gw := startGateway(t, apitest.UnusedAddr(t), apitest.UnusedAddr(t), nil)
	resp, body := apitest.Do(t, "GET", gw.URL+"/openapi.json", "", nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var v2 openapi2.T
	if err := json.Unmarshal(body, &v2); err != nil {
		t.Fatal(err)
	}
	v3, err := openapi2conv.ToV3(&v2)
	if err != nil {
		t.Fatalf("converting to OpenAPI 3: %v", err)
	}
	return v3
}

func TestServedDocumentConvertsToAValidOpenAPI3Document(t *testing.T) {
	doc := servedDocument(t)
	if err := doc.Validate(context.Background()); err != nil {
		t.Errorf("OpenAPI 3 validation: %v", err)
	}
	// One URL under two parameter names (/users/{user} and /users/{user.id})
	// is a conflict OpenAPI 3 forbids and generators reject.
	seen := map[string]string{}
	for _, path := range doc.Paths.InMatchingOrder() {
		key := apidoc.RouteKey("", path)
		if other, ok := seen[key]; ok {
			t.Errorf("paths %s and %s differ only in parameter names", path, other)
		}
		seen[key] = path
	}
}

func TestServedDocumentDescribesTheCSVReport(t *testing.T) {
	op := servedDocument(t).Paths.Find("/v1/tenants/{tenant}/linkedinConnections").Get
	format := op.Parameters.GetByInAndName("query", "format")
	if format == nil || !slices.Contains(format.Schema.Value.Enum, any("csv")) {
		t.Fatalf("no format=csv query parameter: %+v", format)
	}
	if op.Responses.Status(http.StatusOK).Value.Content.Get("text/csv") == nil {
		t.Error("the 200 answer does not list text/csv")
	}
}
