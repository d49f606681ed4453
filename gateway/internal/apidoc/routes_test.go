package apidoc

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/liaisonhq/liaison/proto/openapi"
)

func TestQueryParametersOfARouteInEitherSpelling(t *testing.T) {
	doc, err := Parse(openapi.Document)
	if err != nil {
		t.Fatal(err)
	}
	routes := doc.Routes()
	for _, path := range []string{"/v1/tenants/{tenant}/users", "/v1/tenants/{tenant=*}/users"} {
		if got, ok := routes.Query("GET", path); !ok || !slices.Equal(got, []string{"pageSize", "pageToken"}) {
			t.Errorf("GET %s: %v, %v", path, got, ok)
		}
	}
	if got, ok := routes.Query("PATCH", "/v1/tenants/{tenant=*}/users/{user.id=*}"); !ok || len(got) != 0 {
		t.Errorf("PATCH user: %v, %v", got, ok)
	}
	if _, ok := routes.Query("GET", "/healthz"); ok {
		t.Error("a route the document lacks was found")
	}
}

func TestAdditionsAreServed(t *testing.T) {
	doc, err := Parse(openapi.Document)
	if err != nil {
		t.Fatal(err)
	}
	const path = "/v1/tenants/{tenant}/linkedinConnections"
	if err := doc.AddQueryParameter("GET", path, Parameter{Name: "format", Enum: []string{"csv"}}); err != nil {
		t.Fatal(err)
	}
	if err := doc.AddProduces("GET", path, "text/csv"); err != nil {
		t.Fatal(err)
	}
	if err := doc.AddQueryParameter("GET", "/no/such/path", Parameter{Name: "x"}); err == nil {
		t.Error("an operation the document lacks was accepted")
	}
	if got, _ := doc.Routes().Query("GET", path); !slices.Contains(got, "format") {
		t.Errorf("query parameters %v lack format", got)
	}
	again, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(again); err != nil {
		t.Error(err)
	}
}

// TestEveryOperationDocumentsTheGatewaysOwnAnswers checks that the served
// document names, on every operation, the errors the gateway answers
// before the service does, with the schema of every API error.
func TestEveryOperationDocumentsTheGatewaysOwnAnswers(t *testing.T) {
	doc, err := Parse(openapi.Document)
	if err != nil {
		t.Fatal(err)
	}
	served, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var root struct {
		Paths map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(served, &root); err != nil {
		t.Fatal(err)
	}
	operations := 0
	for path, item := range root.Paths {
		for method, raw := range item {
			var op struct {
				Responses map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					}
				}
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				continue // path-level parameters, not an operation
			}
			operations++
			for _, status := range []string{"408", "413", "429", "503", "504"} {
				if op.Responses[status].Schema.Ref != "#/definitions/rpcStatus" {
					t.Errorf("%s %s: answer %s undocumented or not an API error: %+v", method, path, status, op.Responses[status])
				}
			}
			if _, ok := op.Responses["431"]; !ok {
				t.Errorf("%s %s: answer 431 undocumented", method, path)
			}
		}
	}
	if operations < 20 {
		t.Fatalf("found %d operations in the served document", operations)
	}
}
