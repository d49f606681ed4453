// Package access says who may make each call of a service: one rule per
// request message, which the server checks once the caller is
// authenticated and before the request's own rules (package validate), so
// a caller who may not make a call learns nothing of it, not even which
// requests it refuses. The rules only read the caller and the request; a
// check that needs stored data stays in the handler.
package access

import (
	"context"
	"fmt"
	"slices"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Rules maps request messages to the check of their callers.
type Rules map[protoreflect.FullName]func(context.Context, proto.Message) error

// Add registers who may send requests of type T.
func Add[T proto.Message](rules Rules, check func(context.Context, T) error) {
	var zero T
	rules[zero.ProtoReflect().Descriptor().FullName()] = func(ctx context.Context, m proto.Message) error {
		return check(ctx, m.(T))
	}
}

// Check runs the rule for m. A request without a rule is refused: a method
// added without one fails closed (and the test every service has, that
// each of its methods has a rule, fails first).
func (rules Rules) Check(ctx context.Context, m any) error {
	msg, ok := m.(proto.Message)
	if !ok {
		return fmt.Errorf("access: %T is not a protobuf request", m)
	}
	check, ok := rules[msg.ProtoReflect().Descriptor().FullName()]
	if !ok {
		return fmt.Errorf("access: no rule says who may send %s", msg.ProtoReflect().Descriptor().FullName())
	}
	return check(ctx, msg)
}

// Missing lists the methods of service whose requests have no rule,
// leaving out those in skip (full method names, "/pkg.Service/Method",
// called without a token), for a service's test that it has them all.
func (rules Rules) Missing(service protoreflect.ServiceDescriptor, skip ...string) []string {
	var missing []string
	methods := service.Methods()
	for i := range methods.Len() {
		m := methods.Get(i)
		full := "/" + string(service.FullName()) + "/" + string(m.Name())
		if _, ok := rules[m.Input().FullName()]; !ok && !slices.Contains(skip, full) {
			missing = append(missing, full)
		}
	}
	return missing
}
