package jsonapi

import (
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// withViolationReasons gives each field violation that has no reason the
// reason of the error's ErrorInfo (FIELD_INVALID): neither the services nor
// the gateway set one, and the JSON wrote every violation's reason empty.
func withViolationReasons(err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	reason := ""
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			reason = info.GetReason()
		}
	}
	if reason == "" {
		return err
	}
	p := st.Proto() // a copy, safe to edit
	editDetails(p, func(m proto.Message) {
		if br, ok := m.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				if v.GetReason() == "" {
					v.Reason = reason
				}
			}
		}
	})
	return status.ErrorProto(p)
}
