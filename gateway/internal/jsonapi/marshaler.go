// Package jsonapi is the JSON face of the gateway: how messages and errors are
// encoded, shared by the generated routes and the gateway's own handlers.
package jsonapi

import (
	"io"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// Marshaler encodes and decodes request and response bodies.
//
// Fields are lowerCamelCase and enums are names, as in the OpenAPI document.
// Zero values are written (a client reads "allowed": false rather than a
// missing key), and unknown request fields are an error rather than silently
// dropped, so a misspelt field never looks accepted.
func Marshaler() runtime.Marshaler {
	return marshaler{&runtime.JSONPb{
		MarshalOptions: protojson.MarshalOptions{
			UseProtoNames:     false,
			UseEnumNumbers:    false,
			EmitDefaultValues: true,
		},
		UnmarshalOptions: protojson.UnmarshalOptions{
			DiscardUnknown: false,
		},
	}}
}

// marshaler is grpc-gateway's JSONPb, writing and reading the same bytes
// with fewer copies on the way: what every request pays.
type marshaler struct{ *runtime.JSONPb }

// Marshal returns protojson's encoding of a message as it is; JSONPb copies
// it into a buffer of its own first.
func (m marshaler) Marshal(v any) ([]byte, error) {
	if p, ok := v.(proto.Message); ok {
		return m.MarshalOptions.Marshal(p)
	}
	return m.JSONPb.Marshal(v)
}

// NewDecoder decodes a body the gateway has checked already (CheckedBody)
// straight from its bytes, and any other as JSONPb does.
func (m marshaler) NewDecoder(r io.Reader) runtime.Decoder {
	if b, ok := r.(*CheckedBody); ok {
		return checkedDecoder{body: b, jsonpb: m.JSONPb}
	}
	return m.JSONPb.NewDecoder(r)
}
