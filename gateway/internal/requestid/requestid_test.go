package requestid

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// serve runs a request with the given X-Request-Id through Middleware and
// returns the id the handler saw and the one the response carries.
func serve(sent string) (seen, returned string) {
	h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = Metadata(r.Context(), r).Get(MetadataKey)[0]
		http.Error(w, "nope", http.StatusTeapot) // errors carry it too
	}))
	req := httptest.NewRequest("GET", "/", nil)
	if sent != "" {
		req.Header.Set(Header, sent)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return seen, rec.Header().Get(Header)
}

func TestClientIDIsKept(t *testing.T) {
	if seen, returned := serve("abc-123"); seen != "abc-123" || returned != "abc-123" {
		t.Errorf("forwarded %q, returned %q, want abc-123 both", seen, returned)
	}
}

func TestIDIsGenerated(t *testing.T) {
	for _, sent := range []string{"", "has space", "bad\x7f", strings.Repeat("x", maxLen+1)} {
		seen, returned := serve(sent)
		if len(returned) != 32 || strings.Trim(returned, "0123456789abcdef") != "" || seen != returned {
			t.Errorf("sent %q: forwarded %q, returned %q, want the same 32 hex digits", sent, seen, returned)
		}
	}
	if a, b := New(), New(); a == b {
		t.Errorf("two ids alike: %s", a)
	}
}
