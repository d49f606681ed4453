// Package jsonapi is the JSON face of the gateway: how messages and errors are
// encoded, shared by the generated routes and the gateway's own handlers.
package jsonapi

import (
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/encoding/protojson"
)

// Marshaler encodes and decodes request and response bodies.
//
// Fields are lowerCamelCase and enums are names, as in the OpenAPI document.
// Zero values are written (a client reads "allowed": false rather than a
// missing key), and unknown request fields are an error rather than silently
// dropped, so a misspelt field never looks accepted.
func Marshaler() runtime.Marshaler {
	return &runtime.JSONPb{
		MarshalOptions: protojson.MarshalOptions{
			UseProtoNames:     false,
			UseEnumNumbers:    false,
			EmitDefaultValues: true,
		},
		UnmarshalOptions: protojson.UnmarshalOptions{
			DiscardUnknown: false,
		},
	}
}
