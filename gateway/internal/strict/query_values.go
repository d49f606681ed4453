package strict

import (
	"strconv"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
)

// valueRule is the rule v breaks as a value of p, or "" if it has the
// parameter's type. The check parses as grpc-gateway does, so that a value
// it would refuse is refused here on every route, the CSV download too,
// which does not hand its query to grpc-gateway. Enum values are left to
// grpc-gateway, which also reads them by number.
func valueRule(p apidoc.QueryParameter, v string) string {
	var err error
	switch {
	case p.Format == "int32":
		_, err = strconv.ParseInt(v, 10, 32)
		return ruleIf(err, "must be a whole number from -2147483648 to 2147483647")
	case p.Format == "uint64":
		_, err = strconv.ParseUint(v, 10, 64)
		return ruleIf(err, "must be a whole number from 0 to 18446744073709551615")
	case p.Format == "int64", p.Type == "integer":
		_, err = strconv.ParseInt(v, 10, 64)
		return ruleIf(err, "must be a whole number from -9223372036854775808 to 9223372036854775807")
	case p.Type == "number":
		_, err = strconv.ParseFloat(v, 64)
		return ruleIf(err, "must be a number")
	case p.Type == "boolean":
		_, err = strconv.ParseBool(v)
		return ruleIf(err, "must be true or false")
	}
	return ""
}

func ruleIf(err error, rule string) string {
	if err != nil {
		return rule
	}
	return ""
}
