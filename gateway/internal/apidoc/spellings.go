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

// fieldSpellings are the names grpc-gateway reads the parameter name under:
// each segment as its field's proto name or JSON name. A parameter that
// names no field of request (the gateway's own) has its one name.
func fieldSpellings(request protoreflect.MessageDescriptor, name string) []string {
	spellings := []string{""}
	msg := request
	for i, segment := range strings.Split(name, ".") {
		if msg == nil {
			return []string{name}
		}
		fd := msg.Fields().ByJSONName(segment)
		if fd == nil {
			fd = msg.Fields().ByName(protoreflect.Name(segment))
		}
		if fd == nil {
			return []string{name}
		}
		var next []string
		for _, prefix := range spellings {
			if i > 0 {
				prefix += "."
			}
			for _, s := range []string{segment, fd.JSONName(), string(fd.Name())} {
				if !slices.Contains(next, prefix+s) {
					next = append(next, prefix+s)
				}
			}
		}
		spellings, msg = next, fd.Message()
	}
	return spellings
}
