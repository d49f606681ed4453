// Package authheader keeps the gateway and the services reading the same
// credential. grpc-gateway forwards every Authorization value to a service,
// in order, but silently drops a value that is not printable ASCII (gRPC
// metadata cannot carry it), and the services authenticate the first one
// they receive. Whatever in the gateway reads the header (the per-caller
// rate limit) must read that same value, and a request whose header could
// be read two ways is refused before anything reads it.
package authheader

import "net/http"

// Name is the header that carries the credential.
const Name = "Authorization"

// Forwarded is the Authorization value the services authenticate: the first
// one grpc-gateway forwards, or "" when it forwards none.
func Forwarded(h http.Header) string {
	for _, v := range h.Values(Name) {
		if _, ok := firstNonMetadataByte(v); !ok {
			return v
		}
	}
	return ""
}

// firstNonMetadataByte returns the offset of the first byte of v that gRPC
// metadata text cannot carry (outside printable ASCII, 0x20-0x7E), as
// grpc-gateway's annotateContext checks it; ok is false when there is none.
func firstNonMetadataByte(v string) (offset int, ok bool) {
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			return i, true
		}
	}
	return 0, false
}
