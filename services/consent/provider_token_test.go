package consent_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

func TestProviderTokenForTheReadingServices(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	consent, err := h.consent.GetConsent(h.admin(), &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	for _, service := range []string{"contact-sync", "profile-card"} {
		r := h.providerToken(h.asService(service), "alice")
		if r.AccessToken == "" || r.MemberId != "m-alice" || r.Direction != both || r.Revision != consent.Revision {
			t.Fatalf("%s got member %q, direction %v, revision %d, token given %t; want m-alice, %v, %d",
				service, r.MemberId, r.Direction, r.Revision, r.AccessToken != "", both, consent.Revision)
		}
		if until := time.Until(r.ExpireTime.AsTime()); until < 50*time.Minute || until > time.Hour {
			t.Fatalf("%s: the token expires in %s, want the simulator's hour", service, until)
		}
		if member := h.memberOf(r.AccessToken); member != "m-alice" {
			t.Fatalf("%s: the token speaks for %q at LinkedIn", service, member)
		}
	}
}

func TestProviderTokenIsForTheReadingServicesOnly(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	for name, ctx := range map[string]context.Context{
		"the user herself":   h.alice(),
		"a TenantAdmin":      h.admin(),
		"an operator":        h.as("", "ops", auth.RoleOperator),
		"another service":    h.asService("policy"),
		"the consent itself": h.asService("consent"),
	} {
		_, err := h.consent.GetProviderToken(ctx, &consentv1.GetProviderTokenRequest{Tenant: "contoso", User: "alice"})
		if status.Code(err) != codes.PermissionDenied {
			t.Errorf("%s: %v, want PermissionDenied", name, err)
		}
	}
	// A user named like the service is not the service.
	_, err := h.consent.GetProviderToken(h.as("contoso", "service:contact-sync"), &consentv1.GetProviderTokenRequest{Tenant: "contoso", User: "alice"})
	if code := status.Code(err); code != codes.PermissionDenied && code != codes.Unauthenticated {
		t.Errorf("a user token with the service's name: %v", err)
	}
}

func TestProviderTokenOfAUserNotConnected(t *testing.T) {
	h := newHarness(t)
	contactSync := h.asService("contact-sync")
	h.wantNotConnectedError(contactSync, "bob", "never connected")
	h.connect(h.alice(), oneWay)
	h.providerToken(contactSync, "alice")
	h.disconnect(h.alice())
	h.wantNotConnectedError(contactSync, "alice", "after disconnecting")
}

func TestExpiredProviderTokenIsRefreshedOnce(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	contactSync := h.asService("contact-sync")
	first := h.providerToken(contactSync, "alice")
	events := len(h.events("contoso"))
	h.expireToken("alice")
	issued := h.issuedAccessTokens()

	// Callers asking together share one refresh.
	answers := make([]*consentv1.GetProviderTokenResponse, 8)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Go(func() {
			r, err := h.consent.GetProviderToken(contactSync, &consentv1.GetProviderTokenRequest{Tenant: "contoso", User: "alice"})
			if err != nil {
				t.Errorf("GetProviderToken: %v", err)
			}
			answers[i] = r
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	refreshed := answers[0]
	for _, r := range answers {
		if r.AccessToken != refreshed.AccessToken {
			t.Fatal("concurrent callers got different tokens")
		}
	}
	if n := h.issuedAccessTokens() - issued; n != 1 {
		t.Fatalf("LinkedIn issued %d access tokens, want one refresh", n)
	}
	if refreshed.AccessToken == first.AccessToken || time.Until(refreshed.ExpireTime.AsTime()) < 50*time.Minute {
		t.Fatalf("refreshed token: new %t, expires %v", refreshed.AccessToken != first.AccessToken, refreshed.ExpireTime.AsTime())
	}
	if member := h.memberOf(refreshed.AccessToken); member != "m-alice" {
		t.Fatalf("the refreshed token speaks for %q at LinkedIn", member)
	}
	// A refresh is no consent change: the revision and the ledger stay.
	if refreshed.Revision != first.Revision || refreshed.MemberId != "m-alice" || refreshed.Direction != both {
		t.Fatalf("refreshed answer: revision %d (was %d), member %q, direction %v", refreshed.Revision, first.Revision, refreshed.MemberId, refreshed.Direction)
	}
	if n := len(h.events("contoso")); n != events {
		t.Fatalf("the ledger went from %d to %d events", events, n)
	}

	// The refreshed token was stored: the next call refreshes nothing.
	again := h.providerToken(contactSync, "alice")
	if again.AccessToken != refreshed.AccessToken || h.issuedAccessTokens()-issued != 1 {
		t.Fatalf("the second call refreshed again (same token: %t)", again.AccessToken == refreshed.AccessToken)
	}
}

func TestFailedRefreshes(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	contactSync := h.asService("contact-sync")
	h.expireToken("alice")

	// LinkedIn unreachable: retry later.
	h.setFaults(`{"errorRate":1,"paths":"/oauth/v2/accessToken"}`)
	_, err := h.consent.GetProviderToken(contactSync, &consentv1.GetProviderTokenRequest{Tenant: "contoso", User: "alice"})
	if status.Code(err) != codes.Unavailable || errorReason(err) != "DEPENDENCY_UNAVAILABLE" {
		t.Fatalf("LinkedIn unavailable: %v (%s)", err, errorReason(err))
	}
	h.setFaults(`{}`)

	// The grant revoked at LinkedIn: the user must connect again, and
	// the connection stays until they do.
	h.revokeAtLinkedIn(h.network.issued()[1])
	err = h.wantNotConnectedError(contactSync, "alice", "refresh refused")
	if !strings.Contains(status.Convert(err).Message(), "connect") {
		t.Errorf("message %q does not ask to connect again", status.Convert(err).Message())
	}
	if d := h.direction("alice"); d != both {
		t.Fatalf("a refused refresh changed the consent to %v", d)
	}
}

// --- helpers ---

// asService returns a context calling as the named Liaison service, with a
// token signed by that service's own key, as calls between services are.
func (h *harness) asService(name string) context.Context {
	h.t.Helper()
	md, err := h.issuer.ServiceCredentials(name, "consent", 0).GetRequestMetadata(h.t.Context())
	if err != nil {
		h.t.Fatal(err)
	}
	return metadata.AppendToOutgoingContext(h.t.Context(), "authorization", md["authorization"])
}

func (h *harness) providerToken(ctx context.Context, user string) *consentv1.GetProviderTokenResponse {
	h.t.Helper()
	r, err := h.consent.GetProviderToken(ctx, &consentv1.GetProviderTokenRequest{Tenant: "contoso", User: user})
	if err != nil {
		h.t.Fatalf("GetProviderToken of %s: %v", user, err)
	}
	return r
}

func (h *harness) wantNotConnectedError(ctx context.Context, user, when string) error {
	h.t.Helper()
	_, err := h.consent.GetProviderToken(ctx, &consentv1.GetProviderTokenRequest{Tenant: "contoso", User: user})
	if status.Code(err) != codes.FailedPrecondition || errorReason(err) != "NOT_CONNECTED" {
		h.t.Fatalf("%s, %s: %v (%s), want FailedPrecondition NOT_CONNECTED", user, when, err, errorReason(err))
	}
	return err
}

// memberOf asks LinkedIn who an access token speaks for; "" when refused.
func (h *harness) memberOf(token string) string {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, h.sim.URL+"/v2/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var info struct{ Sub string }
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&info) != nil {
		return ""
	}
	return info.Sub
}

// expireToken makes the user's stored access token expired, as it would be
// an hour after connecting, in the service's own database.
func (h *harness) expireToken(user string) {
	h.t.Helper()
	ctx := h.t.Context()
	st, err := store.Open(ctx, h.dbURL, false)
	if err != nil {
		h.t.Fatal(err)
	}
	defer st.Close()
	err = st.Write(ctx, func(tx store.Tx) error {
		link, err := tx.GetLink(ctx, "contoso", user)
		if err != nil {
			return err
		}
		link.TokenExpiry = time.Now().Add(-time.Second)
		return tx.UpdateLinkTokens(ctx, link)
	})
	if err != nil {
		h.t.Fatal(err)
	}
}

// issuedAccessTokens counts the access tokens LinkedIn has issued.
func (h *harness) issuedAccessTokens() int {
	n := 0
	for i, token := range h.network.issued() {
		if i%2 == 0 && token != "" {
			n++
		}
	}
	return n
}

// revokeAtLinkedIn revokes a grant at LinkedIn, as the member would there.
func (h *harness) revokeAtLinkedIn(token string) {
	h.t.Helper()
	form := url.Values{"client_id": {"liaison-dev"}, "client_secret": {"liaison-dev-secret"}, "token": {token}}
	resp, err := http.PostForm(h.sim.URL+"/oauth/v2/revoke", form)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("revoking at LinkedIn: %d", resp.StatusCode)
	}
}
