package jsonapi

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"
)

// CheckedBody is a request body the gateway has read whole and checked
// (package strict), kept in memory for the route to decode.
type CheckedBody struct {
	*bytes.Reader
	// value is the body's one JSON value, without the white space around
	// it, when the body is exactly that; nil otherwise.
	value []byte
}

// NewCheckedBody keeps data, a whole request body, for the route.
func NewCheckedBody(data []byte) *CheckedBody {
	b := &CheckedBody{Reader: bytes.NewReader(data)}
	if json.Valid(data) {
		b.value = bytes.TrimSpace(data) // JSON's white space, all json.Valid allows around a value
	}
	return b
}

// Close does nothing: the body is in memory.
func (*CheckedBody) Close() error { return nil }

// checkedDecoder decodes a message from a body that is one JSON value as
// JSONPb's decoder would, without its detour: JSONPb scans the value with
// encoding/json to copy it out, then hands the copy, white space trimmed,
// to protojson. Here protojson gets the same bytes at once. Anything else
// (a body that is not one JSON value, a second Decode, a value that is not
// a message) goes JSONPb's way over what is left of the body.
type checkedDecoder struct {
	body   *CheckedBody
	jsonpb *runtime.JSONPb
}

func (d checkedDecoder) Decode(v any) error {
	p, ok := v.(proto.Message)
	if !ok || d.body.value == nil || d.body.Len() != int(d.body.Size()) {
		return d.jsonpb.NewDecoder(d.body).Decode(v)
	}
	_, _ = d.body.Seek(0, io.SeekEnd) // read, as JSONPb's decoder leaves it
	return d.jsonpb.UnmarshalOptions.Unmarshal(d.body.value, p)
}
