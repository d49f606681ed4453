package apidoc

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	_ "github.com/liaisonhq/liaison/proto/liaison/consent/v1" // the requests the document's operations take
	_ "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/proto/openapi"
)

func names(params []QueryParameter) []string {
	var names []string
	for _, p := range params {
		names = append(names, p.Name)
	}
	return names
}

func TestQueryParametersOfARouteInEitherSpelling(t *testing.T) {
	doc := parsed(t)
	routes := doc.Routes()
	for _, path := range []string{"/v1/tenants/{tenant}/users", "/v1/tenants/{tenant=*}/users"} {
		if got, ok := routes.Query("GET", path); !ok || !slices.Equal(names(got), []string{"pageSize", "pageToken", "query"}) {
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
	doc := parsed(t)
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
	if got, _ := doc.Routes().Query("GET", path); !slices.Contains(names(got), "format") {
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

// grpc-gateway reads a field's JSON name and its proto name, exactly; the
// gateway's own parameters have their one name. The spellings and kinds come
// from the request messages, the repetition from the document.
func TestQueryParametersHaveTheSpellingsGRPCGatewayReads(t *testing.T) {
	doc := parsed(t)
	const path = "/v1/tenants/{tenant}/linkedinConnections"
	if err := doc.AddQueryParameter("GET", path, Parameter{Name: "format", Enum: []string{"csv"}}); err != nil {
		t.Fatal(err)
	}
	got, _ := doc.Routes().Query("GET", path)
	want := []QueryParameter{
		{Name: "pageSize", Spellings: []string{"pageSize", "page_size"}, Kind: protoreflect.Int32Kind},
		{Name: "pageToken", Spellings: []string{"pageToken", "page_token"}, Kind: protoreflect.StringKind},
		{Name: "format", Spellings: []string{"format"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	access, _ := doc.Routes().Query("GET", "/v1/me/access")
	if len(access) != 2 || !slices.Equal(access[0].Spellings, []string{"capability"}) {
		t.Errorf("access: %+v", access)
	}
}

// TestEveryOperationDocumentsTheGatewaysOwnAnswers checks that the served
// document names, on every operation, the errors the gateway answers
// before the service does, with the schema of every API error.
func TestEveryOperationDocumentsTheGatewaysOwnAnswers(t *testing.T) {
	doc := parsed(t)
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

// parsed is the served document, parsed as the gateway parses it.
func parsed(t *testing.T) *Document {
	t.Helper()
	doc, err := Parse(openapi.Document)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
