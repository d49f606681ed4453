package strict

import (
	"slices"
	"unicode/utf8"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// checkPath refuses a path variable that is not UTF-8, naming it as the
// route does ("tenant", "user.id").
func checkPath(pathParams map[string]string) error {
	names := make([]string, 0, len(pathParams))
	for name := range pathParams {
		names = append(names, name)
	}
	slices.Sort(names) // the same request always names the same field
	for _, name := range names {
		if !utf8.ValidString(pathParams[name]) {
			return jsonapi.InvalidField(name, notUTF8)
		}
	}
	return nil
}
