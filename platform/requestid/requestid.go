// Package requestid carries the id of the current request, taken from the
// x-request-id metadata the gateway sets or made up when absent, so logs,
// audit entries and error messages can be correlated.
package requestid

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"

	"google.golang.org/grpc/metadata"
)

// MetadataKey is the gRPC metadata key of the request id.
const MetadataKey = "x-request-id"

type key struct{}

// From returns the request id in ctx, or "".
func From(ctx context.Context) string {
	id, _ := ctx.Value(key{}).(string)
	return id
}

// With returns ctx carrying id.
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, key{}, id)
}

// New returns a random request id. Ids need to be unique, not secret, so
// the fast generator serves.
func New() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	return hex.EncodeToString(b[:])
}

// FromIncoming returns ctx with the caller's request id (the x-request-id
// metadata), or a new one when it has none or one that is not an id.
func FromIncoming(ctx context.Context) context.Context {
	if ids := metadata.ValueFromIncomingContext(ctx, MetadataKey); len(ids) > 0 && valid(ids[0]) {
		return With(ctx, ids[0])
	}
	return With(ctx, New())
}

// maxLen bounds an id taken from a caller, which ends up in every log line.
const maxLen = 128

// valid accepts a caller's id only if it is short, visible ASCII: anything
// else could not travel as gRPC metadata or would garble the logs, so it is
// replaced.
func valid(id string) bool {
	if id == "" || len(id) > maxLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x21 || id[i] > 0x7e {
			return false
		}
	}
	return true
}
