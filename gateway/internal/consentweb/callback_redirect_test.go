package consentweb

import (
	"net/http"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

func TestCallbackRedirectsWithTheParametersPassedThrough(t *testing.T) {
	for _, c := range []struct {
		name, query string
		want        *consentv1.CompleteConnectionRequest
		location    string
	}{{
		name:     "approved",
		query:    "code=c-123&state=s-456",
		want:     &consentv1.CompleteConnectionRequest{Code: "c-123", State: "s-456"},
		location: appURL + "?linkedin=connected",
	}, {
		name:     "declined, proto field names",
		query:    "error=access_denied&error_description=The+member+declined&state=s-456",
		want:     &consentv1.CompleteConnectionRequest{State: "s-456", Error: "access_denied", ErrorDescription: "The member declined"},
		location: appURL + "?linkedin=denied",
	}, {
		name:     "declined, JSON field names",
		query:    "error=access_denied&errorDescription=The%20member%20declined&state=s-456",
		want:     &consentv1.CompleteConnectionRequest{State: "s-456", Error: "access_denied", ErrorDescription: "The member declined"},
		location: appURL + "?linkedin=denied",
	}} {
		t.Run(c.name, func(t *testing.T) {
			b := startBackend(t)
			gw := startGateway(t, b.addr)

			// The browser comes from LinkedIn: no Authorization header.
			resp, body := apitest.Do(t, "GET", gw.URL+"/v1/linkedin/callback?"+c.query, "", nil)
			if resp.StatusCode != http.StatusFound {
				t.Fatalf("status %d, want 302 (body %s)", resp.StatusCode, body)
			}
			if got := resp.Header.Get("Location"); got != c.location {
				t.Errorf("Location = %q, want %q", got, c.location)
			}

			calls := b.consent.received()
			if len(calls) != 1 {
				t.Fatalf("the service got %d calls, want 1", len(calls))
			}
			if !proto.Equal(calls[0].req, c.want) {
				t.Errorf("the service got %v, want %v", calls[0].req, c.want)
			}
			if got := calls[0].md.Get("authorization"); len(got) != 0 {
				t.Errorf("authorization metadata = %q, want none", got)
			}
		})
	}
}

func TestCallbackWithRefusedStateIsJSON400(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr)

	resp, body := apitest.Do(t, "GET", gw.URL+"/v1/linkedin/callback?code=c-123&state=forged", "", nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want 400 (body %s)", resp.StatusCode, body)
	}
	if loc := resp.Header.Get("Location"); loc != "" {
		t.Errorf("Location = %q on an error", loc)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if code, reason, _ := apitest.ParseError(t, body); code != 3 || reason != "FIELD_INVALID" {
		t.Errorf("code %d, reason %q, want InvalidArgument FIELD_INVALID (body %s)", code, reason, body)
	}
}
