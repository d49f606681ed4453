// Package requestid gives every request an id that the client, the gateway's
// logs and the services' logs share.
package requestid

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"google.golang.org/grpc/metadata"
)

// Header is the HTTP header carrying the id, both ways.
const Header = "X-Request-Id"

// MetadataKey is the gRPC metadata key the id is forwarded under.
const MetadataKey = "x-request-id"

// maxLen bounds an id taken from a client, which ends up in every log line.
const maxLen = 128

type ctxKey struct{}

// Middleware takes the client's X-Request-Id, or makes one, puts it in the
// request context and sets it on the response before anything is written, so
// every answer carries it, errors included.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(Header)
		if !valid(id) {
			id = New()
		}
		w.Header().Set(Header, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, id)))
	})
}

// From returns the request id in ctx, or "" outside a request.
func From(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// Metadata forwards the id to the services. It is a grpc-gateway metadata
// annotator (runtime.WithMetadata).
func Metadata(_ context.Context, r *http.Request) metadata.MD {
	if id := From(r.Context()); id != "" {
		return metadata.Pairs(MetadataKey, id)
	}
	return nil
}

// New returns a random id: 16 bytes, hex encoded.
func New() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand documents it)
	return hex.EncodeToString(b[:])
}

// valid accepts a client id only if it is short, visible ASCII: anything else
// could not travel as gRPC metadata or would garble the logs, so it is replaced.
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
