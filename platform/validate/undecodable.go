package validate

import (
	"github.com/liaisonhq/liaison/platform/apierror"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// A request whose bytes cannot be decoded (invalid UTF-8 in a string,
// broken wire format) must be refused as bad input. grpc-go turns every
// codec error into Internal, so the server's codec does not fail: it hands
// over an empty message marked with the fault, and Decoded, which the
// server runs first on every request, refuses it. The mark
// travels in the message's unknown fields under the highest field number,
// which no Liaison message uses; a caller who sends that field itself only
// gets its own request refused.
const faultField = protowire.MaxValidNumber

// MarkUndecodable empties m and marks it as a request whose field (empty
// when no field can be named) broke rule.
func MarkUndecodable(m proto.Message, field, rule string) {
	proto.Reset(m)
	fv, _ := proto.Marshal(&errdetails.BadRequest_FieldViolation{Field: field, Description: rule})
	mark := protowire.AppendTag(nil, faultField, protowire.BytesType)
	m.ProtoReflect().SetUnknown(protowire.AppendBytes(mark, fv))
}

// undecodable returns the refusal of a message MarkUndecodable marked, or
// nil. A message without unknown fields, the usual case, costs one check.
func undecodable(m proto.Message) error {
	b := m.ProtoReflect().GetUnknown()
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil
		}
		b = b[n:]
		if num == faultField && typ == protowire.BytesType {
			raw, _ := protowire.ConsumeBytes(b)
			var fv errdetails.BadRequest_FieldViolation
			if err := proto.Unmarshal(raw, &fv); err != nil {
				return nil
			}
			return refusal(fv.GetField(), fv.GetDescription())
		}
		if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
			return nil
		}
		b = b[n:]
	}
	return nil
}

// refusal is InvalidArgument naming field, or the request as a whole when
// field is empty.
func refusal(field, rule string) error {
	if field == "" {
		return &apierror.Error{Code: codes.InvalidArgument, Reason: typev1.ErrorReason_FIELD_INVALID, Message: "invalid request: " + rule}
	}
	return apierror.InvalidField(field, rule)
}

// Decoded refuses a request the server could not decode (see
// MarkUndecodable), before anything reads its fields: an emptied request
// would otherwise be judged as one naming no tenant.
func Decoded(m any) error {
	msg, ok := m.(proto.Message)
	if !ok {
		return nil
	}
	return undecodable(msg)
}
