package strict

import (
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
)

// Each type is parsed as grpc-gateway parses it: a value it reads is taken.
func TestQueryValuesAreCheckedAgainstTheirType(t *testing.T) {
	int32p := apidoc.QueryParameter{Type: "integer", Format: "int32"}
	int64p := apidoc.QueryParameter{Type: "string", Format: "int64"} // protoc-gen-openapiv2 writes int64 as a string
	uint64p := apidoc.QueryParameter{Type: "string", Format: "uint64"}
	boolp := apidoc.QueryParameter{Type: "boolean"}
	number := apidoc.QueryParameter{Type: "number", Format: "double"}
	text := apidoc.QueryParameter{Type: "string"}
	for _, c := range []struct {
		p     apidoc.QueryParameter
		value string
		ok    bool
	}{
		{int32p, "5", true}, {int32p, "-5", true}, {int32p, "+5", true},
		{int32p, "abc", false}, {int32p, "1.5", false}, {int32p, "", false}, {int32p, "2147483648", false}, {int32p, "0x10", false},
		{int64p, "2147483648", true}, {int64p, "9223372036854775808", false},
		{uint64p, "18446744073709551615", true}, {uint64p, "-1", false},
		{boolp, "true", true}, {boolp, "0", true}, {boolp, "yes", false},
		{number, "1.5e3", true}, {number, "NaN", true}, {number, "one", false},
		{text, "anything", true}, {text, "", true},
	} {
		if rule := valueRule(c.p, c.value); (rule == "") != c.ok {
			t.Errorf("%s/%s %q: rule %q", c.p.Type, c.p.Format, c.value, rule)
		}
	}
}
