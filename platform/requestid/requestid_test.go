package requestid_test

import (
	"context"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/requestid"
	"google.golang.org/grpc/metadata"
)

// TestOnlyPlainIdsAreTaken checks a caller's request id is kept when it is
// an id, and replaced when it would carry control characters, invalid
// UTF-8 or unbounded length into audit entries and logs.
func TestOnlyPlainIdsAreTaken(t *testing.T) {
	for id, kept := range map[string]bool{
		"req-1":                  true,
		"0af7651916cd43dd8448eb": true,
		strings.Repeat("r", 128): true,
		strings.Repeat("r", 129): false,
		"":                       false,
		"with space":             false,
		"nul\x00":                false,
		"new\nline":              false,
		"bad\xff":                false,
		"café":                   false,
	} {
		ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs(requestid.MetadataKey, id))
		got := requestid.From(requestid.FromIncoming(ctx))
		if (got == id) != kept || got == "" {
			t.Errorf("request id %q became %q; kept=%v, want %v", id, got, got == id, kept)
		}
	}
}
