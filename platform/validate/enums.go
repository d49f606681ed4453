package validate

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// Enum checks an enum value is one the API defines, and not the
// unspecified zero when required.
func Enum[E protoreflect.Enum](r *Report, field string, value E, required bool) {
	desc := value.Descriptor()
	n := value.Number()
	switch {
	case desc.Values().ByNumber(n) == nil:
		r.Add(field, "must be one of "+enumNames(desc))
	case required && n == 0:
		r.Add(field, "is required: one of "+enumNames(desc))
	}
}

func enumNames(desc protoreflect.EnumDescriptor) string {
	var names []string
	for i := 1; i < desc.Values().Len(); i++ {
		names = append(names, string(desc.Values().Get(i).Name()))
	}
	return strings.Join(names, ", ")
}
