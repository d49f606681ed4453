package requestid

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/grpc/metadata"
)

// serve runs a request with the given X-Request-Id through Middleware and
// returns the id the handler forwarded and the one the response carries.
func serve(sent string) (forwarded, returned string) {
	h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		forwarded = Metadata(r.Context(), r).Get(MetadataKey)[0]
		http.Error(w, "nope", http.StatusTeapot) // errors carry it too
	}))
	req := httptest.NewRequest("GET", "/", nil)
	if sent != "" {
		req.Header.Set(Header, sent)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return forwarded, rec.Header().Get(Header)
}

func TestClientIDIsKept(t *testing.T) {
	if forwarded, returned := serve("abc-123"); forwarded != "abc-123" || returned != "abc-123" {
		t.Errorf("forwarded %q, returned %q, want abc-123 both", forwarded, returned)
	}
}

func TestBadIDsAreReplaced(t *testing.T) {
	for _, sent := range []string{"", "has space", "bad\x7f", strings.Repeat("x", maxLen+1)} {
		forwarded, returned := serve(sent)
		if len(returned) != 32 || strings.Trim(returned, "0123456789abcdef") != "" || forwarded != returned {
			t.Errorf("sent %q: forwarded %q, returned %q, want the same 32 hex digits", sent, forwarded, returned)
		}
		ctx := FromIncoming(metadata.NewIncomingContext(context.Background(), metadata.Pairs(MetadataKey, sent)))
		if got := From(ctx); got == sent || len(got) != 32 {
			t.Errorf("gRPC: sent %q, kept %q", sent, got)
		}
	}
	if a, b := New(), New(); a == b {
		t.Errorf("two ids alike: %s", a)
	}
}
