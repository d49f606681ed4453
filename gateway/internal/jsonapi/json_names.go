package jsonapi

import (
	"strings"
	"unicode"
)

// jsonName is a proto field path (user.group_ids) spelt with JSON names
// (user.groupIds), by protoc's rule: an underscore is dropped and the letter
// after it capitalised. The gateway names fields as the API document does,
// and the document uses JSON names; a JSON name is its own JSON name.
func jsonName(protoPath string) string {
	var b strings.Builder
	upper := false
	for _, r := range protoPath {
		switch {
		case r == '_':
			upper = true
		case upper:
			b.WriteRune(unicode.ToUpper(r))
			upper = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
