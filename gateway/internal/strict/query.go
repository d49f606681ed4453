package strict

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// checkQuery refuses a query that does not parse, a parameter the route
// does not take, and a name or value that is not UTF-8. The gateway's own
// routes, which the document does not list, take no parameters.
func (c *Checker) checkQuery(r *http.Request) error {
	if r.URL.RawQuery == "" {
		return nil
	}
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return jsonapi.InvalidField("query", "is not a valid query string: "+err.Error())
	}
	var taken []string
	lenient := false
	if pattern, ok := runtime.HTTPPattern(r.Context()); ok {
		taken, _ = c.routes.Query(r.Method, pattern.String())
		lenient = c.routes.IgnoresUnknownQuery(r.Method, pattern.String())
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names) // the same request always names the same field
	for _, name := range names {
		if !utf8.ValidString(name) {
			return jsonapi.InvalidField("query", "a parameter name "+notUTF8)
		}
		if !lenient && !takes(taken, name) {
			return jsonapi.InvalidField(jsonapi.Shorten(name), unknownParameter(taken))
		}
		for _, v := range values[name] {
			if !utf8.ValidString(v) {
				return jsonapi.InvalidField(jsonapi.Shorten(name), notUTF8)
			}
		}
	}
	return nil
}

// takes reports whether name is one of the route's parameters, spelt as
// the document does (pageSize) or as the proto field (page_size):
// grpc-gateway reads both.
func takes(taken []string, name string) bool {
	return slices.ContainsFunc(taken, func(t string) bool { return fold(t) == fold(name) })
}

// fold makes a proto field name and its JSON name equal: page_size and
// pageSize both fold to pagesize.
func fold(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, "_", ""))
}

func unknownParameter(taken []string) string {
	if len(taken) == 0 {
		return "is not a query parameter of this route, which takes none"
	}
	return fmt.Sprintf("is not a query parameter of this route, which takes %s", strings.Join(taken, ", "))
}
