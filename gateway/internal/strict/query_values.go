package strict

import (
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
)

// valueRule is the rule v breaks as a value of p, or "" if grpc-gateway
// reads it. The check is keyed on the kind of the request field and parses
// with grpc-gateway's own converters, as runtime.PopulateQueryParameters
// does for that kind, so that a value it would refuse is refused here on
// every route, the CSV download too, which does not hand its query to
// grpc-gateway. Enums and messages (well-known types) are left to
// grpc-gateway: it reads an enum by name or number and writes its own
// error, and no route takes a message.
func valueRule(p apidoc.QueryParameter, v string) string {
	var err error
	switch p.Kind {
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		_, err = runtime.Int32(v)
		return ruleIf(err, "must be a whole number from -2147483648 to 2147483647")
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		_, err = runtime.Int64(v)
		return ruleIf(err, "must be a whole number from -9223372036854775808 to 9223372036854775807")
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		_, err = runtime.Uint32(v)
		return ruleIf(err, "must be a whole number from 0 to 4294967295")
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		_, err = runtime.Uint64(v)
		return ruleIf(err, "must be a whole number from 0 to 18446744073709551615")
	case protoreflect.FloatKind:
		_, err = runtime.Float32(v)
		return ruleIf(err, "must be a decimal number of at most 3.4028235e38 in size, Infinity, -Infinity or NaN")
	case protoreflect.DoubleKind:
		_, err = runtime.Float64(v)
		return ruleIf(err, "must be a decimal number, Infinity, -Infinity or NaN")
	case protoreflect.BoolKind:
		_, err = runtime.Bool(v)
		return ruleIf(err, "must be true or false")
	case protoreflect.BytesKind:
		_, err = runtime.Bytes(v)
		return ruleIf(err, "must be base64")
	}
	return ""
}

func ruleIf(err error, rule string) string {
	if err != nil {
		return rule
	}
	return ""
}
