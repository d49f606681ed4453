package paging_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/paging"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestRoundTrip(t *testing.T) {
	token := paging.Next(10, 10, "bob")
	after, limit, err := paging.Parse(10, token)
	if err != nil || after != "bob" || limit != 10 {
		t.Fatalf("Parse(Next) = %q, %d, %v", after, limit, err)
	}
	if paging.Next(3, 10, "carol") != "" {
		t.Fatal("a short page has no next page")
	}
	if _, limit, _ := paging.Parse(0, ""); limit != paging.DefaultSize {
		t.Fatalf("default size %d", limit)
	}
}

func TestMadeUpTokensAreRefused(t *testing.T) {
	for _, token := range []string{"zzzz", "%%%", "YWxpY2U"} { // the last is base64 of "alice"
		if _, _, err := paging.Parse(10, token); status.Code(err) != codes.InvalidArgument {
			t.Errorf("token %q: %v", token, err)
		}
	}
}

func TestRevisionTokens(t *testing.T) {
	after, _, err := paging.Parse(10, paging.NextRevision(10, 10, 42))
	if err != nil {
		t.Fatal(err)
	}
	if rev, err := paging.Revision(after); err != nil || rev != 42 {
		t.Fatalf("Revision = %d, %v", rev, err)
	}
	if rev, err := paging.Revision(""); err != nil || rev != 0 {
		t.Fatalf("first page: %d, %v", rev, err)
	}
	for _, bad := range []string{"bob", "-3", "0"} {
		if _, err := paging.Revision(bad); status.Code(err) != codes.InvalidArgument {
			t.Errorf("key %q: %v", bad, err)
		}
	}
}
