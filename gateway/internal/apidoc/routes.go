package apidoc

import (
	"regexp"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// Routes are the query parameters of each route of the document.
type Routes struct {
	query   map[string][]QueryParameter
	lenient map[string]bool
}

// QueryParameter is a query parameter of a route.
type QueryParameter struct {
	// Name is the parameter as the document spells it: a field's JSON name
	// (pageSize).
	Name string
	// Spellings are the names grpc-gateway reads it under, exactly: Name,
	// and for a field of the request its proto name (page_size).
	Spellings []string
	// Kind is the kind of the request field it is read into, which decides
	// how grpc-gateway parses a value; 0 for the gateway's own parameters,
	// which are strings (Document.AddQueryParameter).
	Kind protoreflect.Kind
	// Repeated is whether the parameter takes several values.
	Repeated bool
}

// pathVariable is a path template's variable, with or without a pattern:
// {tenant}, {user.id=*}, {member=*/*}.
var pathVariable = regexp.MustCompile(`\{[^}]*\}`)

// RouteKey names a route by its method and its path with the variables'
// names left out: the document's /users/{user} and the mux's
// /users/{user.id=*} are one route. Two paths of one method with the same
// key are one URL under two names.
func RouteKey(method, path string) string {
	return strings.ToUpper(method) + " " + pathVariable.ReplaceAllString(path, "{}")
}

// Routes reads the query parameters of every operation.
func (d *Document) Routes() Routes {
	r := Routes{query: map[string][]QueryParameter{}, lenient: d.lenient}
	for path, item := range d.root["paths"].(map[string]any) {
		ops, _ := item.(map[string]any)
		for method, op := range ops {
			op, _ := op.(map[string]any)
			request := requestMessage(op["operationId"])
			params, _ := op["parameters"].([]any)
			query := []QueryParameter{}
			for _, p := range params {
				p, _ := p.(map[string]any)
				if p["in"] == "query" {
					query = append(query, queryParameter(p, request))
				}
			}
			r.query[RouteKey(method, path)] = query
		}
	}
	return r
}

// queryParameter reads one query parameter of an operation whose request
// message is request (nil when the parameter is the gateway's own).
func queryParameter(p map[string]any, request protoreflect.MessageDescriptor) QueryParameter {
	name, _ := p["name"].(string)
	path := fieldPath(request, name)
	q := QueryParameter{Name: name, Spellings: fieldSpellings(path, name), Repeated: p["type"] == "array"}
	if len(path) > 0 {
		q.Kind = path[len(path)-1].Kind()
	}
	return q
}

// Query returns the query parameters of the route method and path (in the
// document's or the mux's spelling), and whether the document has it.
func (r Routes) Query(method, path string) ([]QueryParameter, bool) {
	params, ok := r.query[RouteKey(method, path)]
	return params, ok
}

// IgnoresUnknownQuery reports whether the route ignores query parameters it
// does not take (Document.IgnoreUnknownQuery).
func (r Routes) IgnoresUnknownQuery(method, path string) bool {
	return r.lenient[RouteKey(method, path)]
}
