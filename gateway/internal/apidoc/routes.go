package apidoc

import (
	"regexp"
	"strings"
)

// Routes are the query parameters of each route of the document.
type Routes struct {
	query   map[string][]string
	lenient map[string]bool
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
	r := Routes{query: map[string][]string{}, lenient: d.lenient}
	for path, item := range d.root["paths"].(map[string]any) {
		ops, _ := item.(map[string]any)
		for method, op := range ops {
			params, _ := op.(map[string]any)["parameters"].([]any)
			names := []string{}
			for _, p := range params {
				p, _ := p.(map[string]any)
				if p["in"] == "query" {
					name, _ := p["name"].(string)
					names = append(names, name)
				}
			}
			r.query[RouteKey(method, path)] = names
		}
	}
	return r
}

// Query returns the query parameters of the route method and path (in the
// document's or the mux's spelling), and whether the document has it.
func (r Routes) Query(method, path string) ([]string, bool) {
	names, ok := r.query[RouteKey(method, path)]
	return names, ok
}

// IgnoresUnknownQuery reports whether the route ignores query parameters it
// does not take (Document.IgnoreUnknownQuery).
func (r Routes) IgnoresUnknownQuery(method, path string) bool {
	return r.lenient[RouteKey(method, path)]
}
