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
	// Type and Format are the document's type of one value, such as
	// integer and int32.
	Type, Format string
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
	q := QueryParameter{Name: name, Spellings: fieldSpellings(request, name)}
	value := p
	if p["type"] == "array" {
		q.Repeated = true
		value, _ = p["items"].(map[string]any)
	}
	q.Type, _ = value["type"].(string)
	q.Format, _ = value["format"].(string)
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
