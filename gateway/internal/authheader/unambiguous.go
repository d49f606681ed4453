package authheader

import (
	"fmt"
	"net/http"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// Unambiguous is the middleware that answers 400, naming the header and the
// rule, to a request whose Authorization could be read two ways: sent more
// than once (which one is the caller?), or holding a byte grpc-gateway would
// drop the value for (the gateway would see it, the services would not).
// It runs before the rate limit and routing, so nothing reads such a header.
func Unambiguous(writeError jsonapi.ErrorWriter) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := check(r.Header); err != nil {
				writeError(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// check names the rule r's Authorization header breaks, if any. It never
// quotes the value: that is a credential.
func check(h http.Header) error {
	values := h.Values(Name)
	if len(values) > 1 {
		return jsonapi.InvalidField(Name, fmt.Sprintf("sent %d times; send one credential, in one header", len(values)))
	}
	for _, v := range values {
		if i, bad := firstNonMetadataByte(v); bad {
			return jsonapi.InvalidField(Name, fmt.Sprintf("holds byte 0x%02X at offset %d; only printable ASCII (0x20-0x7E) is allowed", v[i], i))
		}
	}
	return nil
}
