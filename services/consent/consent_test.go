package consent_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

const (
	both   = typev1.ConsentDirection_BIDIRECTIONAL
	oneWay = typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
)

func TestEveryMethodHasRequestRules(t *testing.T) {
	rules := consent.Rules()
	methods := consentv1.File_liaison_consent_v1_consent_service_proto.Services().ByName("ConsentService").Methods()
	for i := 0; i < methods.Len(); i++ {
		if m := methods.Get(i); !rules.Has(m.Input().FullName()) {
			t.Errorf("%s has no request rules", m.Name())
		}
	}
}

func TestConnectBothWaysThenDisconnect(t *testing.T) {
	h := newHarness(t)
	done := h.connect(h.alice(), both)
	if got := done.RedirectUrl; got != redirectBase+"?linkedin=connected" {
		t.Fatalf("redirect = %q", got)
	}
	me, err := h.consent.GetMyConnection(h.alice(), &consentv1.GetMyConnectionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	c := me.Connection
	if c.State != consentv1.ConnectionState_CONNECTED || c.Direction != both || c.MemberId != "m-alice" ||
		len(c.SharedWithLinkedin) == 0 || len(c.SharedWithOrganization) == 0 {
		t.Fatalf("connection = %v", c)
	}
	report, err := h.consent.ListConnections(h.admin(), &consentv1.ListConnectionsRequest{Tenant: "contoso"})
	if err != nil {
		t.Fatal(err)
	}
	if report.TotalConnected != 1 || report.Bidirectional != 1 || len(report.Connections) != 1 || report.Connections[0].User != "alice" {
		t.Fatalf("report = %v", report)
	}

	// The organization exported two contacts to LinkedIn; disconnecting
	// deletes them there too.
	h.importContacts("m-alice", "bob@contoso.com", "carol@contoso.com")
	receipt, err := h.consent.Disconnect(h.alice(), &consentv1.DisconnectRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !receipt.GrantRevoked || !receipt.ProviderTokensRevoked || receipt.ImportedContactsDeleted != 2 || receipt.MemberId != "m-alice" || len(receipt.Warnings) != 0 {
		t.Fatalf("receipt = %v", receipt)
	}
	if n := h.importedContacts("m-alice"); n != 0 {
		t.Fatalf("%d imported contacts left at LinkedIn", n)
	}
	if n := h.activeTokens("m-alice"); n != 0 {
		t.Fatalf("%d tokens still active at LinkedIn", n)
	}
	me, _ = h.consent.GetMyConnection(h.alice(), &consentv1.GetMyConnectionRequest{})
	if me.Connection.State != consentv1.ConnectionState_NOT_CONNECTED {
		t.Fatalf("after disconnect: %v", me.Connection)
	}
	events := h.events("contoso")
	if len(events) != 2 || events[0].Kind != consentv1.ConsentEvent_REVOKED || events[0].Reason != consentv1.ConsentEvent_USER_REQUEST ||
		events[0].Actor != "alice" || events[1].Kind != consentv1.ConsentEvent_GRANTED || events[1].Direction != both {
		t.Fatalf("ledger = %v", events)
	}
}

func TestDirectionChanges(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), oneWay)
	_, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: both})
	if reason := errorReason(err); status.Code(err) != codes.FailedPrecondition || reason != "REAUTHORIZATION_REQUIRED" {
		t.Fatalf("widening without a new authorization: %v (%s)", err, reason)
	}
	h.connect(h.alice(), both) // the same member, authorized for more
	narrowed, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: oneWay})
	if err != nil || narrowed.Connection.Direction != oneWay || len(narrowed.Connection.SharedWithLinkedin) != 0 {
		t.Fatalf("narrowing: %v, %v", narrowed, err)
	}
	// The grant still covers both ways, so widening again is immediate.
	widened, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: both})
	if err != nil || widened.Connection.Direction != both {
		t.Fatalf("widening within the grant: %v, %v", widened, err)
	}
	kinds := []consentv1.ConsentEvent_Kind{}
	for _, e := range h.events("contoso") {
		kinds = append(kinds, e.Kind)
	}
	want := []consentv1.ConsentEvent_Kind{consentv1.ConsentEvent_DIRECTION_CHANGED, consentv1.ConsentEvent_DIRECTION_CHANGED, consentv1.ConsentEvent_GRANTED, consentv1.ConsentEvent_GRANTED}
	if len(kinds) != len(want) {
		t.Fatalf("ledger kinds = %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("ledger kinds = %v, want %v", kinds, want)
		}
	}
}

func TestPolicyRefusesTheConnection(t *testing.T) {
	h := newHarness(t)
	h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_DISABLED}, "mode")
	_, err := h.consent.StartConnection(h.alice(), &consentv1.StartConnectionRequest{Direction: oneWay, RedirectUri: redirectBase})
	if status.Code(err) != codes.FailedPrecondition || accessReason(err) != "DISABLED_BY_TENANT" {
		t.Fatalf("tenant off: %v", err)
	}
	h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "pilot"}, "mode", "selected_group")
	_, err = h.consent.StartConnection(h.as("contoso", "carol"), &consentv1.StartConnectionRequest{Direction: oneWay, RedirectUri: redirectBase})
	if status.Code(err) != codes.FailedPrecondition || accessReason(err) != "NOT_IN_SELECTED_GROUP" {
		t.Fatalf("carol outside the group: %v", err)
	}
	h.setLinkedIn(&policyv1.LinkedInSettings{MaxConsentDirection: oneWay}, "max_consent_direction")
	_, err = h.consent.StartConnection(h.alice(), &consentv1.StartConnectionRequest{Direction: both, RedirectUri: redirectBase})
	if status.Code(err) != codes.FailedPrecondition || accessReason(err) != "DIRECTION_LIMITED_BY_TENANT" {
		t.Fatalf("both ways over the tenant's cap: %v", err)
	}
	if _, err := h.consent.StartConnection(h.alice(), &consentv1.StartConnectionRequest{Direction: oneWay, RedirectUri: redirectBase}); err != nil {
		t.Fatalf("one way within the cap: %v", err)
	}
}

func TestConnectingAnotherAccountDisconnectsTheFirst(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	h.importContacts("m-alice", "bob@contoso.com")
	// alice connects again, signing in at LinkedIn as another member.
	start, browser := h.start(h.alice(), oneWay, redirectBase)
	other := strings.Replace(start.AuthorizationUrl, "login_hint=alice%40contoso.com", "login_hint=dana%40fabrikam.com", 1)
	if other == start.AuthorizationUrl {
		t.Fatalf("no login_hint to replace in %s", start.AuthorizationUrl)
	}
	params := h.authorize(other)
	if _, err := h.consent.CompleteConnection(browser, &consentv1.CompleteConnectionRequest{Code: params.Get("code"), State: params.Get("state")}); err != nil {
		t.Fatal(err)
	}
	r, err := h.consent.GetConsent(h.admin(), &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice"})
	if err != nil || r.MemberId != "m-dana" || r.Direction != oneWay {
		t.Fatalf("consent = %v, %v", r, err)
	}
	// LinkedIn's steps follow from the job queue.
	h.eventually("the first account's tokens revoked at LinkedIn", func() bool { return h.activeTokens("m-alice") == 0 })
	h.eventually("the first account's imported contacts deleted", func() bool { return h.importedContacts("m-alice") == 0 })
	events := h.events("contoso")
	if len(events) != 3 || events[0].Kind != consentv1.ConsentEvent_GRANTED || events[0].MemberId != "m-dana" ||
		events[1].Kind != consentv1.ConsentEvent_REVOKED || events[1].MemberId != "m-alice" || events[1].Actor != "alice" {
		t.Fatalf("ledger = %v", events)
	}
}

func TestRedirectsAreLimitedToAllowedOrigins(t *testing.T) {
	h := newHarness(t)
	for _, uri := range []string{"https://evil.example/", "https://app.contoso.test.evil.example/", "https://app.contoso.test:x@evil.example/",
		"javascript:alert(1)", "/relative", redirectBase + "/..;/admin", redirectBase + "/%c0%ae%c0%ae/admin"} {
		_, err := h.consent.StartConnection(h.alice(), &consentv1.StartConnectionRequest{Direction: oneWay, RedirectUri: uri})
		if status.Code(err) != codes.InvalidArgument || fieldOf(err) != "redirect_uri" {
			t.Errorf("%q: %v", uri, err)
		}
	}
}

func TestPolicyChangesRevokeGrants(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	h.connect(h.as("contoso", "bob"), oneWay)

	// The tenant caps consent: alice's both-ways grant narrows.
	h.setLinkedIn(&policyv1.LinkedInSettings{MaxConsentDirection: oneWay}, "max_consent_direction")
	h.eventually("alice narrowed", func() bool { return h.direction("alice") == oneWay })

	// Selected group: bob is not in pilot, so his grant goes.
	h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "pilot"}, "mode", "selected_group")
	h.eventually("bob revoked", func() bool { return h.direction("bob") == typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED })
	if h.direction("alice") != oneWay {
		t.Fatal("alice, in pilot, lost her connection")
	}

	// alice leaves the nested group while consent is down; it catches up.
	h.stopConsent()
	if _, err := h.policy.RemoveGroupMember(h.admin(), &policyv1.RemoveGroupMemberRequest{Tenant: "contoso", Group: "pilot-core", Member: "users/alice"}); err != nil {
		t.Fatal(err)
	}
	h.startConsent()
	h.eventually("alice revoked after a restart", func() bool { return h.direction("alice") == typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED })

	reasons := map[string][]consentv1.ConsentEvent_Reason{}
	for _, e := range h.events("contoso") {
		if e.Kind != consentv1.ConsentEvent_GRANTED {
			reasons[e.User] = append(reasons[e.User], e.Reason)
			if e.Actor != "service:consent" {
				t.Errorf("%v was recorded as %q", e, e.Actor)
			}
		}
	}
	if r := reasons["bob"]; len(r) != 1 || r[0] != consentv1.ConsentEvent_NOT_IN_SELECTED_GROUP {
		t.Errorf("bob's reasons = %v", r)
	}
	if r := reasons["alice"]; len(r) != 2 || r[0] != consentv1.ConsentEvent_NOT_IN_SELECTED_GROUP || r[1] != consentv1.ConsentEvent_DIRECTION_LIMITED_BY_TENANT {
		t.Errorf("alice's reasons (newest first) = %v", r)
	}
	// LinkedIn's steps follow from the job queue.
	h.eventually("bob's tokens revoked at LinkedIn", func() bool { return h.activeTokens("m-bob") == 0 })
}

func TestTenantSetToNoRevokesEveryone(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	h.connect(h.as("contoso", "carol"), oneWay)
	h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_DISABLED}, "mode")
	h.eventually("everyone revoked", func() bool {
		r, err := h.consent.ListConnections(h.admin(), &consentv1.ListConnectionsRequest{Tenant: "contoso"})
		return err == nil && r.TotalConnected == 0
	})
	for _, e := range h.events("contoso")[:2] {
		if e.Kind != consentv1.ConsentEvent_REVOKED || e.Reason != consentv1.ConsentEvent_DISABLED_BY_TENANT {
			t.Errorf("event %v", e)
		}
	}
}

func TestTokensAreNeverStoredInTheClear(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	tokens := h.network.issued()
	if len(tokens) != 2 {
		t.Fatalf("issued %d tokens", len(tokens))
	}
	path := strings.TrimPrefix(h.dbURL, "sqlite:")
	for _, file := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(file)
		if err != nil {
			continue // no WAL after a checkpoint
		}
		for _, tok := range tokens {
			if tok == "" || bytes.Contains(data, []byte(tok)) {
				t.Fatalf("%s holds a provider token in plain text", file)
			}
		}
	}
	conn, err := h.consent.GetMyConnection(h.alice(), &consentv1.GetMyConnectionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if blob, _ := json.Marshal(conn); bytes.Contains(blob, []byte(tokens[0])) {
		t.Fatal("the API returned a token")
	}
}

func TestGetConsentFollowsChanges(t *testing.T) {
	h := newHarness(t)
	service := h.serviceContext()
	get := func() *consentv1.GetConsentResponse {
		r, err := h.consent.GetConsent(service, &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := get(); r.State != consentv1.ConnectionState_NOT_CONNECTED {
		t.Fatalf("before: %v", r)
	}
	h.connect(h.alice(), both)
	if r := get(); r.State != consentv1.ConnectionState_CONNECTED || r.Direction != both || r.MemberId != "m-alice" {
		t.Fatalf("right after connecting: %v", r)
	}
	if _, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: oneWay}); err != nil {
		t.Fatal(err)
	}
	if r := get(); r.Direction != oneWay {
		t.Fatalf("right after narrowing: %v", r)
	}
	// Users ask about themselves only; admins about their tenant.
	_, err := h.consent.GetConsent(h.as("contoso", "bob"), &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice"})
	if status.Code(err) != codes.PermissionDenied {
		t.Fatalf("bob asking about alice: %v", err)
	}
	_, err = h.consent.GetConsent(h.as("fabrikam", "admin", "TenantAdmin"), &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice"})
	if status.Code(err) != codes.NotFound {
		t.Fatalf("another tenant's admin: %v", err)
	}
}

func TestCallsNeedATokenButTheCallback(t *testing.T) {
	h := newHarness(t)
	if _, err := h.consent.GetMyConnection(context.Background(), &consentv1.GetMyConnectionRequest{}); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("no token: %v", err)
	}
	_, err := h.consent.CompleteConnection(context.Background(), &consentv1.CompleteConnectionRequest{State: "x", Code: "y"})
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("the callback without a token is judged by its state: %v", err)
	}
	_, err = h.consent.ListConnections(h.alice(), &consentv1.ListConnectionsRequest{Tenant: "contoso"})
	if status.Code(err) != codes.PermissionDenied {
		t.Fatalf("a user reading the admin report: %v", err)
	}
}

// --- helpers ---

func (h *harness) setLinkedIn(s *policyv1.LinkedInSettings, paths ...string) {
	h.t.Helper()
	_, err := h.policy.UpdateLinkedInSettings(h.admin(), &policyv1.UpdateLinkedInSettingsRequest{
		Tenant: "contoso", Settings: s, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths},
	})
	if err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) serviceContext() context.Context {
	return h.as("contoso", "admin", "TenantAdmin")
}

func (h *harness) direction(user string) typev1.ConsentDirection {
	r, err := h.consent.GetConsent(h.serviceContext(), &consentv1.GetConsentRequest{Tenant: "contoso", User: user})
	if err != nil {
		h.t.Fatal(err)
	}
	return r.Direction
}

func (h *harness) wantNotConnected(user string) {
	h.t.Helper()
	if d := h.direction(user); d != typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED {
		h.t.Fatalf("%s is connected (%v)", user, d)
	}
}

func (h *harness) events(tenant string) []*consentv1.ConsentEvent {
	h.t.Helper()
	r, err := h.consent.ListConsentEvents(h.admin(), &consentv1.ListConsentEventsRequest{Tenant: tenant})
	if err != nil {
		h.t.Fatal(err)
	}
	return r.Events
}

// eventually polls cond until it holds, failing after 10 seconds.
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("%s: not within 10s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (h *harness) simCall(method, path, body string) *http.Response {
	h.t.Helper()
	req, _ := http.NewRequest(method, h.sim.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode >= 300 {
		h.t.Fatalf("%s %s: %d", method, path, resp.StatusCode)
	}
	return resp
}

func (h *harness) importContacts(member string, emails ...string) {
	var contacts []map[string]any
	for _, e := range emails {
		contacts = append(contacts, map[string]any{"firstName": e, "emails": []string{e}})
	}
	body, _ := json.Marshal(map[string]any{"contacts": contacts})
	h.simCall("POST", "/sim/members/"+member+"/contactImports", string(body))
}

func (h *harness) importedContacts(member string) int {
	var list struct{ Total int }
	json.NewDecoder(h.simCall("GET", "/sim/members/"+member+"/contactImports", "").Body).Decode(&list)
	return list.Total
}

// activeTokens counts the member's unexpired, unrevoked tokens at LinkedIn,
// access and refresh.
func (h *harness) activeTokens(member string) int {
	h.t.Helper()
	var tokens struct {
		AccessTokens  *int `json:"accessTokens"`
		RefreshTokens *int `json:"refreshTokens"`
	}
	if err := json.NewDecoder(h.simCall("GET", "/sim/tokens/"+member, "").Body).Decode(&tokens); err != nil ||
		tokens.AccessTokens == nil || tokens.RefreshTokens == nil {
		h.t.Fatalf("the simulator's token counts of %s do not read: %v", member, err)
	}
	return *tokens.AccessTokens + *tokens.RefreshTokens
}

func (h *harness) setFaults(body string) { h.simCall("PUT", "/sim/faults", body) }

func errorReason(err error) string {
	for _, d := range status.Convert(err).Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.Reason
		}
	}
	return ""
}

func accessReason(err error) string {
	for _, d := range status.Convert(err).Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.Metadata["access_reason"]
		}
	}
	return ""
}

func fieldOf(err error) string {
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok && len(br.FieldViolations) > 0 {
			return br.FieldViolations[0].Field
		}
	}
	return ""
}

func mustParse(t *testing.T, raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func mustQuery(t *testing.T, raw string) url.Values { return mustParse(t, raw).Query() }
