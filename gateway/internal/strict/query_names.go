package strict

import (
	"fmt"
	"slices"
	"strings"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
)

// spelt finds the parameter name is one spelling of. grpc-gateway reads a
// parameter only under its exact JSON or proto name: ?PAGESIZE=1 would be
// ignored, so it is not taken.
func spelt(taken []apidoc.QueryParameter, name string) (apidoc.QueryParameter, bool) {
	for _, p := range taken {
		if slices.Contains(p.Spellings, name) {
			return p, true
		}
	}
	return apidoc.QueryParameter{}, false
}

// unknownParameter is the rule an unknown parameter breaks, pointing to
// the parameter it is a misspelling of, if any.
func unknownParameter(taken []apidoc.QueryParameter, name string) string {
	for _, p := range taken {
		if slices.ContainsFunc(p.Spellings, func(s string) bool { return fold(s) == fold(name) }) {
			return fmt.Sprintf("is not a query parameter of this route, whose names are case-sensitive: write %s", p.Name)
		}
	}
	if len(taken) == 0 {
		return "is not a query parameter of this route, which takes none"
	}
	names := make([]string, len(taken))
	for i, p := range taken {
		names[i] = p.Name
	}
	return "is not a query parameter of this route, which takes " + strings.Join(names, ", ")
}

// fold makes names that differ only in case and underscores equal: PAGESIZE,
// page_size and pageSize all fold to pagesize.
func fold(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, "_", ""))
}
