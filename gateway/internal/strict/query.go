package strict

import (
	"net/http"
	"net/url"
	"slices"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// checkQuery refuses a query that does not parse, a parameter the route
// does not take under that exact spelling, a parameter of one value given
// more than once, and a value that is not UTF-8 or not of the parameter's
// type. The gateway's own routes, which the document does not list, take
// no parameters.
func (c *Checker) checkQuery(r *http.Request) error {
	if r.URL.RawQuery == "" {
		return nil
	}
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return jsonapi.InvalidField("query", "is not a valid query string: "+err.Error())
	}
	q := queryCheck{given: map[string]int{}}
	if pattern, ok := runtime.HTTPPattern(r.Context()); ok {
		q.taken, _ = c.routes.Query(r.Method, pattern.String())
		q.lenient = c.routes.IgnoresUnknownQuery(r.Method, pattern.String())
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names) // the same request always names the same field
	for _, name := range names {
		if err := q.parameter(name, values[name]); err != nil {
			return err
		}
	}
	return nil
}

// queryCheck checks the parameters of one query against its route's.
type queryCheck struct {
	taken   []apidoc.QueryParameter
	lenient bool           // unknown parameters are ignored, not refused
	given   map[string]int // values of each parameter so far, under any spelling
}

// parameter checks the parameter name and its values. A known parameter is
// named as the document spells it, an unknown one as the client did.
func (q *queryCheck) parameter(name string, values []string) error {
	if !utf8.ValidString(name) {
		return jsonapi.InvalidField("query", "a parameter name "+notUTF8)
	}
	p, known := spelt(q.taken, name)
	field := jsonapi.Shorten(name)
	switch {
	case known:
		field = p.Name
		q.given[p.Name] += len(values)
		if q.given[p.Name] > 1 && !p.Repeated {
			return jsonapi.InvalidField(field, givenTwice)
		}
	case !q.lenient:
		return jsonapi.InvalidField(field, unknownParameter(q.taken, name))
	}
	for _, v := range values {
		if !utf8.ValidString(v) {
			return jsonapi.InvalidField(field, notUTF8)
		}
		if rule := valueRule(p, v); rule != "" { // "" for an unknown p
			return jsonapi.InvalidField(field, rule)
		}
	}
	return nil
}

// givenTwice is the rule a parameter of one value given more than once
// breaks: grpc-gateway refused it naming the proto field, and the CSV
// download read the first value only.
const givenTwice = "is given more than once, and takes one value"
