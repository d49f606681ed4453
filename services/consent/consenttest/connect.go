package consenttest

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// Connect connects ctx's user's LinkedIn account in direction through
// consent's whole flow, as the browser would follow it, against a
// simulator that approves at once (--auto-approve). redirectURI is where
// the flow sends the browser back to; consent must allow its origin.
func Connect(t testing.TB, consent consentv1.ConsentServiceClient, ctx context.Context, direction typev1.ConsentDirection, redirectURI string) {
	t.Helper()
	var header metadata.MD
	start, err := consent.StartConnection(ctx, &consentv1.StartConnectionRequest{Direction: direction, RedirectUri: redirectURI}, grpc.Header(&header))
	if err != nil {
		t.Fatalf("StartConnection: %v", err)
	}
	binding := header.Get(consentv1.BrowserBindingMetadata)
	if len(binding) != 1 {
		t.Fatalf("StartConnection sent no browser binding: %v", header)
	}
	browser := metadata.AppendToOutgoingContext(context.Background(), consentv1.BrowserBindingMetadata, binding[0])
	params := authorize(t, start.AuthorizationUrl)
	done, err := consent.CompleteConnection(browser, &consentv1.CompleteConnectionRequest{
		Code: params.Get("code"), State: params.Get("state"),
	})
	if err != nil {
		t.Fatalf("CompleteConnection: %v", err)
	}
	if done.ErrorReason != "" || done.Connection == nil {
		t.Fatalf("the connection did not succeed: %s: %s", done.ErrorReason, done.ErrorMessage)
	}
}

// authorize follows an authorization URL as the browser would and returns
// the callback's parameters.
func authorize(t testing.TB, authorizationURL string) url.Values {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authorizationURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorization answered %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query()
}
