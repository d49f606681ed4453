package server

import (
	"fmt"
	"unicode/utf8"

	"github.com/liaisonhq/liaison/platform/validate"
	"google.golang.org/grpc/encoding"
	protocodec "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// codec is grpc-go's proto codec, except that a request it cannot decode
// (a string that is not UTF-8, broken wire format) is bad input, refused
// with InvalidArgument naming the field, rather than grpc-go's Internal
// "failed to unmarshal". grpc-go makes any codec error Internal, so the
// codec hands over a marked empty message instead and the request rules
// refuse it (see validate.MarkUndecodable).
type codec struct{ encoding.CodecV2 }

func newCodec() codec { return codec{encoding.GetCodecV2(protocodec.Name)} }

func (c codec) Unmarshal(data mem.BufferSlice, v any) error {
	err := c.CodecV2.Unmarshal(data, v)
	m, ok := v.(proto.Message)
	if err == nil || !ok {
		return err
	}
	// Only the failing path pays for the copy and the walk.
	field, rule := fault(data.Materialize(), m.ProtoReflect().Descriptor())
	validate.MarkUndecodable(m, field, rule)
	return nil
}

const malformed = "must be a valid protobuf message"

// fault names the first field of a message of type md that b cannot give,
// and the rule it breaks; field is "" when b breaks before any field.
func fault(b []byte, md protoreflect.MessageDescriptor) (field, rule string) {
	if field, rule, found := walk(b, md, ""); found {
		return field, rule
	}
	return "", malformed
}

// walk reads b as a message of type md whose path is prefix, descending
// into message fields, and reports the first fault it finds.
func walk(b []byte, md protoreflect.MessageDescriptor, prefix string) (field, rule string, found bool) {
	index := map[protowire.Number]int{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return prefix, malformed, true
		}
		b = b[n:]
		fd := md.Fields().ByNumber(num)
		name := prefix
		if fd != nil {
			name = join(prefix, string(fd.Name()))
			if fd.IsList() {
				name = fmt.Sprintf("%s[%d]", name, index[num])
				index[num]++
			}
		}
		if fd == nil || typ != protowire.BytesType || (fd.Kind() != protoreflect.StringKind && fd.Kind() != protoreflect.MessageKind) {
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return name, malformed, true
			}
			b = b[n:]
			continue
		}
		v, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return name, malformed, true
		}
		b = b[n:]
		if fd.Kind() == protoreflect.StringKind && !utf8.Valid(v) {
			return name, "must be valid UTF-8", true
		}
		if fd.Kind() == protoreflect.MessageKind {
			if field, rule, found := walk(v, fd.Message(), name); found {
				return field, rule, true
			}
		}
	}
	return "", "", false
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}
