package validate

import (
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Rules maps request messages to their checks; the server runs them before
// any handler, so handlers see only well-formed requests.
type Rules map[protoreflect.FullName]func(proto.Message, *Report)

// Add registers the check for requests of type T.
func Add[T proto.Message](rules Rules, check func(T, *Report)) {
	var zero T
	rules[zero.ProtoReflect().Descriptor().FullName()] = func(m proto.Message, r *Report) {
		check(m.(T), r)
	}
}

// Has reports whether requests named name have a check.
func (rules Rules) Has(name protoreflect.FullName) bool {
	_, ok := rules[name]
	return ok
}

// Validate runs the check registered for m, if any. (A request the server
// could not decode is refused before, by Decoded.)
func (rules Rules) Validate(m any) error {
	msg, ok := m.(proto.Message)
	if !ok {
		return nil
	}
	check, ok := rules[msg.ProtoReflect().Descriptor().FullName()]
	if !ok {
		return nil
	}
	var report Report
	check(msg, &report)
	return report.Err()
}
