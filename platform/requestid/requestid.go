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

// valid reports whether id can be a request id: 1 to 128 printable ASCII
// characters. It is written to every audit and ledger entry and to logs,
// so it is bounded and holds no control character or invalid UTF-8.
func valid(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '!' || id[i] > '~' {
			return false
		}
	}
	return true
}
