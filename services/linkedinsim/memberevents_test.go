package linkedinsim_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/services/linkedinsim"
)

// The seeded demo network starts the feed with one creation event per
// demo member.
const seededEvents = 8

// eventsAnswer is the body of GET /v2/memberEvents.
type eventsAnswer struct {
	Events []linkedinsim.MemberEvent `json:"events"`
	Head   int64                     `json:"head"`
}

// eventsRequest is a poll of the feed as subscriber, with the development
// client's credentials.
func (h *harness) eventsRequest(subscriber string, after int64, wait time.Duration) *http.Request {
	h.t.Helper()
	q := url.Values{"subscriber": {subscriber}, "after": {strconv.FormatInt(after, 10)}, "wait": {wait.String()}}
	req := h.request("GET", "/v2/memberEvents?"+q.Encode(), "", nil)
	req.SetBasicAuth(devClient, devSecret)
	return req
}

// events polls the feed and expects an answer.
func (h *harness) events(subscriber string, after int64, wait time.Duration) eventsAnswer {
	h.t.Helper()
	r, err := h.send(h.eventsRequest(subscriber, after, wait))
	if err != nil {
		h.t.Fatal(err)
	}
	expect(h.t, r, http.StatusOK, "member events")
	var a eventsAnswer
	r.decode(h.t, &a)
	return a
}

func TestMemberEventsNeedTheClientsCredentials(t *testing.T) {
	h := newHarness(t, nil)
	member := h.login("alice@contoso.com", readScopes).AccessToken
	for _, tc := range []struct {
		name string
		auth func(*http.Request)
	}{
		{"no credentials", func(*http.Request) {}},
		{"a wrong secret", func(r *http.Request) { r.SetBasicAuth(devClient, "not-the-secret") }},
		{"an unknown client", func(r *http.Request) { r.SetBasicAuth("someone-else", devSecret) }},
		{"a member's access token", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+member) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := h.request("GET", "/v2/memberEvents?subscriber=cards", "", nil)
			tc.auth(req)
			r, err := h.send(req)
			if err != nil {
				t.Fatal(err)
			}
			expect(t, r, http.StatusUnauthorized, tc.name)
			if r.errorCode(t) != "invalid_client" || !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Basic") {
				t.Errorf("401 without invalid_client or a Basic challenge: %v %s", r.header, r.body)
			}
		})
	}
	if got := h.events("cards", 0, 0); got.Head != seededEvents {
		t.Errorf("with the client's credentials: head %d, want %d", got.Head, seededEvents)
	}
}

func TestMemberEventsCheckTheirParameters(t *testing.T) {
	h := newHarness(t, nil)
	for _, query := range []string{
		"",                       // no subscriber
		"subscriber=has%20space", // a character outside the set
		"subscriber=" + strings.Repeat("s", 65),
		"subscriber=cards&after=-1",
		"subscriber=cards&after=ten",
		"subscriber=cards&wait=soon",
		"subscriber=cards&wait=-1s",
	} {
		req := h.request("GET", "/v2/memberEvents?"+query, "", nil)
		req.SetBasicAuth(devClient, devSecret)
		r, err := h.send(req)
		if err != nil {
			t.Fatal(err)
		}
		expect(t, r, http.StatusBadRequest, query)
		if r.errorCode(t) != "invalid_request" {
			t.Errorf("%q: error %q, want invalid_request", query, r.errorCode(t))
		}
	}
	h.events("profile-card.v1_a:b/c-"+strings.Repeat("x", 42), 0, 0) // every allowed character, 64 of them
}

// TestMemberEventsTellWhatChangesLookups: creations, visibility, verified
// emails (old and new), removals and resets are events; other edits are not.
func TestMemberEventsTellWhatChangesLookups(t *testing.T) {
	h := newHarness(t, nil)
	start := h.events("cards", 0, 0)
	if len(start.Events) != seededEvents || start.Events[0].Seq != 1 || !start.Events[0].Visible {
		t.Fatalf("the seeded network's events: %+v", start)
	}

	// A minute later the subscriber counts as gone quiet, so the changes
	// do not wait for it to acknowledge them (acknowledge_test.go does).
	h.clock.advance(time.Minute)
	changes := []struct {
		method, path string
		body         any
	}{
		{"PATCH", "/sim/members/m-dana", map[string]any{"visibleInMicrosoftApps": false}},
		{"PATCH", "/sim/members/m-dana", map[string]any{"verifiedEmails": []string{"Dana.Ruiz@fabrikam.com"}}},
		{"PATCH", "/sim/members/m-bob", map[string]any{"headline": "Sales at Contoso"}},                        // lookups unchanged
		{"PATCH", "/sim/members/m-dana", map[string]any{"verifiedEmails": []string{"dana.ruiz@fabrikam.com"}}}, // the same email
		{"PATCH", "/sim/members/m-dana", map[string]any{"visibleInMicrosoftApps": true}},
		{"POST", "/sim/members", map[string]any{"id": "m-henry", "verifiedEmails": []string{"henry@litware.example"}, "firstName": "Henry"}},
		{"DELETE", "/sim/members/m-erin", nil},
	}
	for _, c := range changes {
		if r := h.do(c.method, c.path, "", c.body); r.status >= 300 {
			t.Fatalf("%s %s: status %d %s", c.method, c.path, r.status, r.body)
		}
	}
	type event struct {
		member  string
		emails  []string
		visible bool
	}
	want := []event{
		{"m-dana", []string{"dana@fabrikam.com"}, false},
		{"m-dana", []string{"dana.ruiz@fabrikam.com", "dana@fabrikam.com"}, false},
		{"m-dana", []string{"dana.ruiz@fabrikam.com"}, true},
		{"m-henry", []string{"henry@litware.example"}, true},
		{"m-erin", []string{"erin@northwind.example"}, false},
	}
	got := h.events("cards", start.Head, 0)
	if len(got.Events) != len(want) || got.Head != start.Head+int64(len(want)) {
		t.Fatalf("events after the changes: %+v; want %d of them", got, len(want))
	}
	for i, e := range got.Events {
		if e.Seq != start.Head+int64(i)+1 || e.MemberID != want[i].member || !slices.Equal(e.Emails, want[i].emails) || e.Visible != want[i].visible {
			t.Errorf("event %d: %+v, want %+v", i, e, want[i])
		}
		if !e.Time.Equal(h.clock.now()) {
			t.Errorf("event %d at %s, want the simulator's clock %s", i, e.Time, h.clock.now())
		}
	}

	// A reset removes every member (one event each) and seeds them again.
	h.clock.advance(time.Minute)
	expect(t, h.do("POST", "/sim/reset", "", nil), http.StatusOK, "reset")
	reset := h.events("cards", got.Head, 0)
	if len(reset.Events) != 2*seededEvents {
		t.Fatalf("a reset made %d events, want %d removals then %d creations", len(reset.Events), seededEvents, seededEvents)
	}
	for i, e := range reset.Events {
		if removal := i < seededEvents; e.Visible == removal {
			t.Errorf("reset event %d: %+v; want removals (visible false) first", i, e)
		}
	}
}

func TestMemberEventsLongPoll(t *testing.T) {
	h := newHarness(t, nil)
	if got := h.events("cards", seededEvents, 0); len(got.Events) != 0 || got.Head != seededEvents {
		t.Errorf("nothing new without waiting: %+v", got)
	}
	if got := h.events("cards", seededEvents, 20*time.Millisecond); len(got.Events) != 0 || got.Head != seededEvents {
		t.Errorf("nothing new after waiting: %+v", got)
	}

	// The subscriber waits for the next event; the change that makes it
	// answers once the subscriber has polled past it.
	poll := h.start("long poll", h.eventsRequest("cards", seededEvents, 30*time.Second))
	patch := h.start("hide dana", h.request("PATCH", "/sim/members/m-dana", "", map[string]any{"visibleInMicrosoftApps": false}))
	r := h.await(poll, 10*time.Second)
	expect(t, r, http.StatusOK, "long poll")
	var woke eventsAnswer
	r.decode(t, &woke)
	if len(woke.Events) != 1 || woke.Events[0].MemberID != "m-dana" || woke.Events[0].Visible {
		t.Fatalf("the long poll answered %+v, want dana hiding", woke)
	}
	h.events("cards", woke.Head, 0)
	h.acknowledged(patch)
}

func TestMemberEventsExpire(t *testing.T) {
	h := newHarness(t, nil)
	for _, after := range []int64{seededEvents + 1, 1 << 40} {
		r, err := h.send(h.eventsRequest("cards", after, 0))
		if err != nil {
			t.Fatal(err)
		}
		expect(t, r, http.StatusGone, "after beyond the head")
		if r.errorCode(t) != "sync_token_expired" {
			t.Errorf("error %q, want sync_token_expired", r.errorCode(t))
		}
	}

	// The log keeps the last 10,000 events.
	const generated = 10_001
	expect(t, h.do("POST", "/sim/generate", "", map[string]int{"members": generated, "seed": 3}), http.StatusCreated, "generate")
	head := int64(seededEvents + generated)
	oldest := head - 10_000 + 1
	r, err := h.send(h.eventsRequest("cards", oldest-2, 0))
	if err != nil {
		t.Fatal(err)
	}
	expect(t, r, http.StatusGone, "after an event that is no longer kept")
	for _, after := range []int64{0, oldest - 1} {
		got := h.events("cards", after, 0)
		if got.Head != head || len(got.Events) != 500 || got.Events[0].Seq != oldest {
			t.Errorf("after=%d: head %d, %d events from %d; want head %d, 500 events from %d",
				after, got.Head, len(got.Events), got.Events[0].Seq, head, oldest)
		}
	}
	if got := h.events("cards", head-3, 0); len(got.Events) != 3 || got.Events[2].Seq != head {
		t.Errorf("the last events: %+v", got.Events)
	}
}

func TestMemberEventsCanBeFaulted(t *testing.T) {
	h := newHarness(t, nil)
	expect(t, h.do("PUT", "/sim/faults", "", map[string]any{"errorRate": 1, "paths": "/v2/memberEvents"}), http.StatusOK, "set faults")
	r, err := h.send(h.eventsRequest("cards", 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	expect(t, r, http.StatusServiceUnavailable, "a faulted feed")
}
