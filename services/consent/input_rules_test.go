package consent_test

import (
	"strings"
	"testing"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestBadCharactersAndSizesAreRefused sends each kind of field with
// characters it must not hold, or over its limit: each answers
// InvalidArgument naming the field, and nothing is stored.
func TestBadCharactersAndSizesAreRefused(t *testing.T) {
	h := newHarness(t)
	start := func(uri string) func() error {
		return func() error {
			_, err := h.consent.StartConnection(h.alice(), &consentv1.StartConnectionRequest{Direction: oneWay, RedirectUri: uri})
			return err
		}
	}
	complete := func(req *consentv1.CompleteConnectionRequest) func() error {
		return func() error {
			_, err := h.consent.CompleteConnection(h.t.Context(), req)
			return err
		}
	}
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"NUL in a redirect URI", start(redirectBase + "/\x00"), "redirect_uri"},
		{"a space in a redirect URI", start(redirectBase + "/a b"), "redirect_uri"},
		{"a raw non-ASCII redirect URI", start(redirectBase + "/café"), "redirect_uri"},
		{"a line separator in a redirect URI", start(redirectBase + "/\u2028"), "redirect_uri"},
		{"a redirect URI of 2049 characters", start(redirectBase + "/" + strings.Repeat("a", 2048-len(redirectBase))), "redirect_uri"},
		{"NUL in a state", complete(&consentv1.CompleteConnectionRequest{State: "abc\x00", Code: "c"}), "state"},
		{"a non-ASCII code", complete(&consentv1.CompleteConnectionRequest{State: "abc", Code: "cödé"}), "code"},
		{"a newline in an error description", complete(&consentv1.CompleteConnectionRequest{
			State: "abc", Error: "access_denied", ErrorDescription: "no\nthanks",
		}), "error_description"},
		{"NUL in a user id", func() error {
			_, err := h.consent.GetConsent(h.serviceContext(), &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice\x00"})
			return err
		}, "user"},
		{"a page token of 129 characters", func() error {
			_, err := h.consent.ListConnections(h.admin(), &consentv1.ListConnectionsRequest{Tenant: "contoso", PageToken: strings.Repeat("A", 129)})
			return err
		}, "page_token"},
		{"a negative min_revision", func() error {
			_, err := h.consent.GetConsent(h.serviceContext(), &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice", MinRevision: -1})
			return err
		}, "min_revision"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			if status.Code(err) != codes.InvalidArgument || fieldOf(err) != c.field {
				t.Fatalf("answered %v naming %q, want InvalidArgument naming %s", err, fieldOf(err), c.field)
			}
		})
	}
	h.wantNotConnected("alice")
}
