// Package validatetest holds the guards every service's request rules must
// pass.
package validatetest

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/validate"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// statedMax finds the maximum a comment states: "at most 64 characters",
// "1 to 1000 user ids", "exactly 2 capital letters".
var statedMax = regexp.MustCompile(`(?i)(?:at most|up to|exactly|\d to) ([\d,]+)`)

// Limits fails t for every string and repeated field of every request of
// svc, at any depth, whose comment in the .proto files under protoRoot
// states no maximum, or whose maximum plus one the rules do not refuse with
// a violation that names the field and the number. A field of a message
// from outside Liaison (a FieldMask) is bounded as one: its comment states
// the most items, and the probe fills every list and string in it.
func Limits(t *testing.T, rules validate.Rules, svc protoreflect.ServiceDescriptor, protoRoot string) {
	t.Helper()
	docs := newComments(protoRoot)
	methods := svc.Methods()
	for i := 0; i < methods.Len(); i++ {
		in := methods.Get(i).Input()
		for _, f := range boundedFields(in, nil) {
			checkField(t, rules, docs, in, f)
		}
	}
}

// step is one field on the way from the request to a bounded field.
type step struct{ fd protoreflect.FieldDescriptor }

// boundedFields lists the paths to every field of md, at any depth, that
// needs a maximum.
func boundedFields(md protoreflect.MessageDescriptor, path []step) [][]step {
	var out [][]step
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		here := append(append([]step(nil), path...), step{fd})
		switch {
		case fd.Message() != nil && !ours(fd.Message()):
			if hasUnbounded(fd.Message()) {
				out = append(out, here)
			}
		case fd.IsList():
			out = append(out, here)
			if fd.Message() != nil {
				out = append(out, boundedFields(fd.Message(), here)...)
			}
		case fd.Message() != nil:
			out = append(out, boundedFields(fd.Message(), here)...)
		case fd.Kind() == protoreflect.StringKind || fd.Kind() == protoreflect.BytesKind:
			out = append(out, here)
		}
	}
	return out
}

func ours(md protoreflect.MessageDescriptor) bool {
	return strings.HasPrefix(string(md.FullName()), "liaison.")
}

// hasUnbounded reports whether a message holds a string or a list.
func hasUnbounded(md protoreflect.MessageDescriptor) bool {
	return len(boundedFields(md, nil)) > 0
}

// checkField reads the maximum of the field at the end of path and checks
// the rules refuse one more.
func checkField(t *testing.T, rules validate.Rules, docs *comments, in protoreflect.MessageDescriptor, path []step) {
	t.Helper()
	fd := path[len(path)-1].fd
	name := fieldPath(path)
	where := string(in.Name()) + "." + name
	comment, err := docs.of(fd)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	m := statedMax.FindStringSubmatch(comment)
	if m == nil {
		t.Errorf("%s (%s): its comment states no maximum: %q", where, fd.FullName(), comment)
		return
	}
	max, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	req := probe(t, in, path, max+1)
	err = rules.Validate(req)
	apiErr, _ := err.(*apierror.Error)
	number := regexp.MustCompile(`\b` + strconv.Itoa(max) + `\b`)
	for _, v := range violationsOf(apiErr) {
		if v.Field == name && number.MatchString(v.Rule) {
			return
		}
	}
	t.Errorf("%s: %d (one over the stated maximum) is not refused with a violation of %s naming %d; got %v",
		where, max+1, name, max, err)
}

func violationsOf(err *apierror.Error) []apierror.FieldViolation {
	if err == nil {
		return nil
	}
	return err.Violations
}

// fieldPath names a field as violations do: "user.phones[0].number".
func fieldPath(path []step) string {
	var b strings.Builder
	for i, s := range path {
		if i > 0 {
			b.WriteString(".")
		}
		b.WriteString(string(s.fd.Name()))
		if s.fd.IsList() && i < len(path)-1 {
			b.WriteString("[0]")
		}
	}
	return b.String()
}

// probe builds a request of type in whose field at path holds n characters
// or n items, reaching it through single parents and first list elements.
func probe(t *testing.T, in protoreflect.MessageDescriptor, path []step, n int) proto.Message {
	t.Helper()
	mt, err := protoregistry.GlobalTypes.FindMessageByName(in.FullName())
	if err != nil {
		t.Fatal(err)
	}
	req := mt.New()
	msg := req
	for _, s := range path[:len(path)-1] {
		if s.fd.IsList() {
			list := msg.Mutable(s.fd).List()
			elem := list.NewElement()
			list.Append(elem)
			msg = elem.Message()
		} else {
			msg = msg.Mutable(s.fd).Message()
		}
	}
	fill(msg, path[len(path)-1].fd, n)
	return req.Interface()
}

// fill sets fd of msg to n characters or n items; a message from outside
// Liaison has each of its strings and lists filled so.
func fill(msg protoreflect.Message, fd protoreflect.FieldDescriptor, n int) {
	switch {
	case fd.IsList():
		list := msg.Mutable(fd).List()
		for range n {
			if fd.Kind() == protoreflect.StringKind {
				list.Append(protoreflect.ValueOfString("a"))
			} else {
				list.Append(list.NewElement())
			}
		}
	case fd.Message() != nil:
		inner := msg.Mutable(fd).Message()
		fields := fd.Message().Fields()
		for i := 0; i < fields.Len(); i++ {
			if f := fields.Get(i); f.IsList() || f.Kind() == protoreflect.StringKind {
				fill(inner, f, n)
			}
		}
	case fd.Kind() == protoreflect.BytesKind:
		msg.Set(fd, protoreflect.ValueOfBytes(make([]byte, n)))
	default:
		msg.Set(fd, protoreflect.ValueOfString(strings.Repeat("a", n)))
	}
}
