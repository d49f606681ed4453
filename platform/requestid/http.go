package requestid

import (
	"context"
	"net/http"

	"google.golang.org/grpc/metadata"
)

// Header is the HTTP header carrying the id, both ways.
const Header = "X-Request-Id"

// Middleware takes the client's X-Request-Id, or makes one, puts it in the
// request context and sets it on the response before anything is written,
// so every answer carries it, errors included.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(Header)
		if !valid(id) {
			id = New()
		}
		w.Header().Set(Header, id)
		next.ServeHTTP(w, r.WithContext(With(r.Context(), id)))
	})
}

// Metadata forwards the request's id to the services over gRPC. It is a
// grpc-gateway metadata annotator (runtime.WithMetadata).
func Metadata(_ context.Context, r *http.Request) metadata.MD {
	if id := From(r.Context()); id != "" {
		return metadata.Pairs(MetadataKey, id)
	}
	return nil
}
