package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The OAuth round trip as a browser makes it, one hop at a time and without
// following redirects, so each hop's answer is checked: the app starts a
// connection at the gateway, the browser goes to LinkedIn (the simulator,
// which approves at once for a known login_hint), LinkedIn sends it to the
// gateway's callback, and the gateway sends it back to the app.

// Directions of consent.
const (
	bidirectional          = "BIDIRECTIONAL"
	linkedinToOrganization = "LINKEDIN_TO_ORGANIZATION"
)

const (
	myConnection = "/v1/me/linkedinConnection"
	callbackPath = "/v1/linkedin/callback"
)

// doneURL is the app page the browser returns to after LinkedIn: on the
// gateway's origin, the one origin the suite's consent service allows.
func doneURL() string { return sut.gatewayURL + "/done" }

// startConnection asks the gateway to start connecting c's LinkedIn account
// and returns the authorization URL, checked to be the simulator's.
func startConnection(t *testing.T, c caller, direction string) *url.URL {
	t.Helper()
	var started startedConnection
	resp := c.ok(t, "POST", myConnection+":connect", map[string]any{"direction": direction, "redirectUri": doneURL()}, &started)
	u, err := url.Parse(started.AuthorizationURL)
	if err != nil || !strings.HasPrefix(started.AuthorizationURL, sut.simURL+"/oauth/v2/authorization?") {
		t.Fatalf("authorizationUrl = %q, want LinkedIn's %s/oauth/v2/authorization?...", started.AuthorizationURL, sut.simURL)
	}
	rememberBinding(resp.header, u)
	if started.ExpireTime == "" {
		t.Errorf("connect answered no expireTime: %+v", started)
	}
	return u
}

// approveAtLinkedIn follows the authorization URL at the simulator, which
// approves for the login_hint's member, and returns the callback URL
// LinkedIn sends the browser to: the gateway's, with a code and the state.
func approveAtLinkedIn(t *testing.T, authorization *url.URL) *url.URL {
	t.Helper()
	resp, err := httpClient.Get(authorization.String())
	if err != nil {
		t.Fatalf("GET the authorization URL: %v", err)
	}
	return wantCallback(t, resp)
}

// declineAtLinkedIn answers the consent page with Deny and returns the
// callback URL, which carries error=access_denied.
func declineAtLinkedIn(t *testing.T, authorization *url.URL) *url.URL {
	t.Helper()
	form := authorization.Query()
	form.Set("decision", "deny")
	resp, err := httpClient.PostForm(sut.simURL+authorization.Path, form)
	if err != nil {
		t.Fatalf("POST the consent page's Deny: %v", err)
	}
	return wantCallback(t, resp)
}

// wantCallback checks LinkedIn's answer is a 302 to the gateway's callback
// carrying the state, and returns where it points.
func wantCallback(t *testing.T, resp *http.Response) *url.URL {
	t.Helper()
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("LinkedIn answered %d, want 302 to the callback; body: %.500s", resp.StatusCode, body)
	}
	location := resp.Header.Get("Location")
	cb, err := url.Parse(location)
	if err != nil || !strings.HasPrefix(location, sut.gatewayURL+callbackPath+"?") || cb.Query().Get("state") == "" {
		t.Fatalf("LinkedIn sent the browser to %q, want %s%s?...state=...", location, sut.gatewayURL, callbackPath)
	}
	return cb
}

// withQuery returns a copy of u whose query parameter key is value.
func withQuery(u *url.URL, key, value string) *url.URL {
	c := *u
	q := c.Query()
	q.Set(key, value)
	c.RawQuery = q.Encode()
	return &c
}

// callback makes the browser's request to the gateway's callback.
func callback(t *testing.T, cb *url.URL) response {
	t.Helper()
	return anonymous.send(t, "GET", cb.RequestURI(), nil)
}

// wantBackToApp checks the callback's answer sends the browser back to the
// app page with the outcome, e.g. "connected".
func wantBackToApp(t *testing.T, resp response, outcome string) {
	t.Helper()
	want := doneURL() + "?linkedin=" + outcome
	if resp.status != http.StatusFound || resp.header.Get("Location") != want {
		t.Fatalf("callback answered %d to %q, want 302 to %q; body: %s", resp.status, resp.header.Get("Location"), want, resp.body)
	}
}

// connectLinkedIn makes the whole round trip for c and returns the
// connection it made.
func connectLinkedIn(t *testing.T, c caller, direction string) connection {
	t.Helper()
	wantBackToApp(t, callback(t, approveAtLinkedIn(t, startConnection(t, c, direction))), "connected")
	got := getConnection(t, c)
	if got.State != "CONNECTED" || got.Direction != direction {
		t.Fatalf("after connecting %s: connection %+v, want CONNECTED %s", direction, got, direction)
	}
	return got
}

func getConnection(t *testing.T, c caller) connection {
	t.Helper()
	var got connection
	c.ok(t, "GET", myConnection, nil, &got)
	return got
}

// wantNotConnected fails unless c has no connection.
func wantNotConnected(t *testing.T, c caller) {
	t.Helper()
	if got := getConnection(t, c); got.State != "NOT_CONNECTED" || got.MemberID != "" {
		t.Errorf("%s's connection = %+v, want NOT_CONNECTED with no member", c.name, got)
	}
}

// consentEvents returns the tenant's consent ledger, newest first.
func consentEvents(t *testing.T, admin caller, tenant string) []consentEvent {
	t.Helper()
	var list consentEventList
	admin.ok(t, "GET", tenantPath(tenant)+"/consentEvents?pageSize=1000", nil, &list)
	return list.Events
}

// eventString is the part of a ledger event a test compares.
func eventString(e consentEvent) string {
	return fmt.Sprintf("%s %s %s by %s", e.User, e.Kind, e.Reason, e.Actor)
}

// eventually polls cond until it holds or timeout passes; cond says what it
// saw, for the failure message.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, saw := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s; last saw %s", what, timeout, saw)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// linkedinUser is a user of a test's tenant with a LinkedIn account of
// their own in the simulator, found by the directory's email.
type linkedinUser struct {
	caller
	memberID string
}

// newLinkedInUser creates the directory user id in tenant and a LinkedIn
// member who verified the same email, and returns the user with a dev
// token. Each test's members are its own, so LinkedIn's token and contact
// counts are the test's alone.
func newLinkedInUser(t *testing.T, admin caller, tenant, id string) linkedinUser {
	t.Helper()
	createUsers(t, admin, tenant, id)
	member := simCreateMember(t, id+"@"+tenant+".example.com", id)
	return linkedinUser{caller: as(t, tenant, id, roleUser), memberID: member}
}
