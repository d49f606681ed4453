package jsonapi

import (
	"regexp"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// The gateway itself rejects some requests before any service sees them:
// bodies that are not JSON, unknown fields or enum values, query parameters
// of the wrong type, and unknown routes. Those errors come from grpc-gateway
// and protojson as bare statuses; withErrorInfo gives them the same shape as
// the services' errors, naming the field when the decoder said which.

// fieldInMessage finds the field a decoding error names, e.g.
// `unknown field "colour"`, `invalid value for enum field capability`,
// `parsing field "page_size"`, `parsing list "ids"`, and what names it.
var fieldInMessage = regexp.MustCompile(`(unknown field|enum field|parsing field|parsing list|field) "?([A-Za-z_][A-Za-z0-9_.]*)"?`)

// withErrorInfo adds an ErrorInfo (and for bad input a BadRequest) to a
// status that has none; statuses from the services pass unchanged.
func withErrorInfo(err error, httpStatus int) error {
	st, ok := status.FromError(err)
	if !ok || st.Code() == codes.OK {
		return err
	}
	for _, d := range st.Details() {
		if _, ok := d.(*errdetails.ErrorInfo); ok {
			return err
		}
	}
	switch {
	case httpStatus == 404 || httpStatus == 405:
		return newError(st.Code(), st.Message(),
			&errdetails.ErrorInfo{Reason: typev1.ErrorReason_ROUTE_NOT_FOUND.String(), Domain: ErrorDomain})
	case st.Code() == codes.InvalidArgument:
		field := "body"
		if m := fieldInMessage.FindStringSubmatch(st.Message()); m != nil {
			field = m[2] // an unknown field is named as the client sent it
			if m[1] != "unknown field" {
				field = jsonName(field) // grpc-gateway's query errors name the proto field
			}
			field = Shorten(field)
		}
		return InvalidField(field, "could not be read: "+shortenQuoted(st.Message()))
	default:
		return err
	}
}
