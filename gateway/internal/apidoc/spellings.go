package apidoc

import (
	"slices"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// grpc-gateway (runtime.PopulateQueryParameters) reads a query parameter
// into the request field whose proto name or JSON name is the parameter's
// name exactly, segment by segment for a nested field (user.id). The
// document spells each parameter one way, with JSON names; the gateway
// takes every spelling grpc-gateway reads, and no other.

// requestMessage is the request message of the operation operationID, as
// protoc-gen-openapiv2 names it (PolicyService_ListUsers), found among the
// registered protos; nil when there is not exactly one.
func requestMessage(operationID any) protoreflect.MessageDescriptor {
	id, _ := operationID.(string)
	service, method, ok := strings.Cut(id, "_")
	if !ok {
		return nil
	}
	var found []protoreflect.MessageDescriptor
	protoregistry.GlobalFiles.RangeFiles(func(f protoreflect.FileDescriptor) bool {
		services := f.Services()
		for i := range services.Len() {
			if s := services.Get(i); string(s.Name()) == service {
				if m := s.Methods().ByName(protoreflect.Name(method)); m != nil {
					found = append(found, m.Input())
				}
			}
		}
		return true
	})
	if len(found) != 1 {
		return nil
	}
	return found[0]
}

// fieldPath is the field of request each segment of the parameter name
// names (user.id: user, then its id), found as grpc-gateway finds it: by
// JSON name or proto name. It is nil when a segment names no field, as for
// the gateway's own parameters.
func fieldPath(request protoreflect.MessageDescriptor, name string) []protoreflect.FieldDescriptor {
	var path []protoreflect.FieldDescriptor
	msg := request
	for _, segment := range strings.Split(name, ".") {
		if msg == nil {
			return nil
		}
		fd := msg.Fields().ByJSONName(segment)
		if fd == nil {
			fd = msg.Fields().ByName(protoreflect.Name(segment))
		}
		if fd == nil {
			return nil
		}
		path, msg = append(path, fd), fd.Message()
	}
	return path
}

// fieldSpellings are the names grpc-gateway reads the parameter name, which
// names the fields of path, under: each segment as its field's proto name
// or JSON name. A parameter that names no field (path nil) has its one name.
func fieldSpellings(path []protoreflect.FieldDescriptor, name string) []string {
	if path == nil {
		return []string{name}
	}
	segments := strings.Split(name, ".")
	spellings := []string{""}
	for i, fd := range path {
		var next []string
		for _, prefix := range spellings {
			if i > 0 {
				prefix += "."
			}
			for _, s := range []string{segments[i], fd.JSONName(), string(fd.Name())} {
				if !slices.Contains(next, prefix+s) {
					next = append(next, prefix+s)
				}
			}
		}
		spellings = next
	}
	return spellings
}
