package strict

import (
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
)

// Each kind of request field is parsed as grpc-gateway parses it: a value
// it reads is taken, one it refuses is refused.
func TestQueryValuesAreCheckedAgainstTheirFieldsKind(t *testing.T) {
	kind := func(k protoreflect.Kind) apidoc.QueryParameter { return apidoc.QueryParameter{Kind: k} }
	int32p, sint32p, sfixed32p := kind(protoreflect.Int32Kind), kind(protoreflect.Sint32Kind), kind(protoreflect.Sfixed32Kind)
	int64p, sint64p, sfixed64p := kind(protoreflect.Int64Kind), kind(protoreflect.Sint64Kind), kind(protoreflect.Sfixed64Kind)
	uint32p, fixed32p := kind(protoreflect.Uint32Kind), kind(protoreflect.Fixed32Kind)
	uint64p, fixed64p := kind(protoreflect.Uint64Kind), kind(protoreflect.Fixed64Kind)
	floatp, doublep := kind(protoreflect.FloatKind), kind(protoreflect.DoubleKind)
	boolp, bytesp := kind(protoreflect.BoolKind), kind(protoreflect.BytesKind)
	text, enum, own := kind(protoreflect.StringKind), kind(protoreflect.EnumKind), apidoc.QueryParameter{}
	for _, c := range []struct {
		p     apidoc.QueryParameter
		value string
		ok    bool
	}{
		{int32p, "5", true}, {int32p, "-5", true}, {int32p, "+5", true},
		{int32p, "abc", false}, {int32p, "1.5", false}, {int32p, "", false}, {int32p, "2147483648", false}, {int32p, "0x10", false},
		{sint32p, "-2147483648", true}, {sint32p, "-2147483649", false}, {sfixed32p, "2147483648", false},
		{int64p, "2147483648", true}, {int64p, "9223372036854775808", false},
		{sint64p, "-9223372036854775808", true}, {sfixed64p, "9223372036854775808", false},
		{uint32p, "4294967295", true}, {uint32p, "4294967296", false}, {uint32p, "-1", false}, {uint32p, "-0", false},
		{fixed32p, "0", true}, {fixed32p, "-1", false},
		{uint64p, "18446744073709551615", true}, {uint64p, "18446744073709551616", false}, {uint64p, "-1", false},
		{fixed64p, "-1", false},
		{floatp, "1.5e3", true}, {floatp, "3.4e38", true}, {floatp, "1e39", false}, {floatp, "-1e39", false},
		{doublep, "1e39", true}, {doublep, "1e309", false},
		{floatp, "NaN", true}, {doublep, "Infinity", true}, {doublep, "-Infinity", true},
		{doublep, "inf", false}, {doublep, "nan", false}, {doublep, "0x1p3", false}, {doublep, "1_000", false}, {doublep, "one", false},
		{boolp, "true", true}, {boolp, "0", true}, {boolp, "yes", false},
		{bytesp, "aGk=", true}, {bytesp, "aGk", true}, {bytesp, "aG-_", true}, {bytesp, "not base64!", false},
		{text, "anything", true}, {text, "", true},
		{enum, "SURFACE_UNSPECIFIED", true}, {enum, "nonsense", true}, // grpc-gateway's to refuse
		{own, "anything", true},
	} {
		if rule := valueRule(c.p, c.value); (rule == "") != c.ok {
			t.Errorf("%s %q: rule %q", c.p.Kind, c.value, rule)
		}
	}
}
