package jsonapi

import (
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// textLimit bounds each text of an error the gateway writes: its message
// and every string of its details.
const textLimit = 512

// bounded cuts every text of err to textLimit. The gateway's own errors
// shorten what they quote, but a decoder's or a service's message may quote
// a whole input, such as a path segment in "tenant "..." not found": the
// answer must not grow with the request, whoever wrote the error.
func bounded(err error) error {
	// Convert, as the writer does: an error that is not a status is written
	// with its text as the message.
	p := status.Convert(err).Proto() // a copy, safe to edit
	p.Message = shortenTo(p.Message, textLimit)
	editDetails(p, func(m proto.Message) { boundStrings(m.ProtoReflect()) })
	return status.ErrorProto(p)
}

// boundStrings cuts every string in m, however deep, to textLimit.
func boundStrings(m protoreflect.Message) {
	var fields []protoreflect.FieldDescriptor
	m.Range(func(fd protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
		fields = append(fields, fd)
		return true
	})
	// Changed after Range: a message may not change while it is ranged over.
	for _, fd := range fields {
		switch {
		case fd.IsList():
			list := m.Mutable(fd).List()
			for i := range list.Len() {
				list.Set(i, boundValue(fd, list.Get(i)))
			}
		case fd.IsMap():
			mp := m.Mutable(fd).Map()
			var keys []protoreflect.MapKey
			mp.Range(func(k protoreflect.MapKey, _ protoreflect.Value) bool {
				keys = append(keys, k)
				return true
			})
			for _, k := range keys {
				mp.Set(k, boundValue(fd.MapValue(), mp.Get(k)))
			}
		case fd.Message() != nil:
			boundStrings(m.Mutable(fd).Message())
		default:
			m.Set(fd, boundValue(fd, m.Get(fd)))
		}
	}
}

// boundValue cuts a string value, and the strings in a message value.
func boundValue(fd protoreflect.FieldDescriptor, v protoreflect.Value) protoreflect.Value {
	switch {
	case fd.Kind() == protoreflect.StringKind:
		return protoreflect.ValueOfString(shortenTo(v.String(), textLimit))
	case fd.Message() != nil:
		boundStrings(v.Message())
	}
	return v
}
