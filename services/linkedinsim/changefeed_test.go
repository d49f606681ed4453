package linkedinsim_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/services/linkedinsim"
)

// feedPage is one page of GET /v2/connections.
type feedPage struct {
	FullListing   bool                     `json:"fullListing"`
	Upserts       []linkedinsim.Connection `json:"upserts"`
	Tombstones    []string                 `json:"tombstones"`
	NextPageToken string                   `json:"nextPageToken"`
	SyncToken     string                   `json:"syncToken"`
}

// syncResult is a whole listing: every page followed to the end.
type syncResult struct {
	pages      int
	full       bool
	upserts    map[string]linkedinsim.Connection
	tombstones []string
	syncToken  string
}

func (s syncResult) upsertIDs() []string {
	var ids []string
	for id := range s.upserts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// sync reads a listing from syncToken ("" for a full one) to its last page.
func (h *harness) sync(token, syncToken string) syncResult {
	h.t.Helper()
	out := syncResult{upserts: map[string]linkedinsim.Connection{}}
	query := url.Values{}
	if syncToken != "" {
		query.Set("syncToken", syncToken)
	}
	for {
		r := h.do("GET", "/v2/connections?"+query.Encode(), token, nil)
		expect(h.t, r, http.StatusOK, "connections page")
		var page feedPage
		r.decode(h.t, &page)
		out.pages++
		out.full = page.FullListing
		for _, c := range page.Upserts {
			out.upserts[c.MemberID] = c
		}
		out.tombstones = append(out.tombstones, page.Tombstones...)
		if page.NextPageToken == "" {
			if page.SyncToken == "" {
				h.t.Fatal("the last page has no syncToken")
			}
			out.syncToken = page.SyncToken
			return out
		}
		if page.SyncToken != "" {
			h.t.Fatal("a page with a next page also carries a syncToken")
		}
		query = url.Values{"pageToken": {page.NextPageToken}}
	}
}

func TestFullListingCarriesContactDataInPages(t *testing.T) {
	h := newHarness(t, func(s *linkedinsim.Settings) { s.PageSize = 3 })
	tok := h.login("alice@contoso.com", readScopes)
	got := h.sync(tok.AccessToken, "")
	if !got.full || got.pages != 2 {
		t.Errorf("full=%v in %d pages; want a full listing in 2 pages of at most 3", got.full, got.pages)
	}
	if want := []string{"m-bob", "m-dana", "m-erin", "m-frank"}; !slices.Equal(got.upsertIDs(), want) {
		t.Errorf("alice's connections %v, want %v", got.upsertIDs(), want)
	}
	dana := got.upserts["m-dana"]
	if dana.FirstName != "Dana" || dana.LastName != "Ruiz" || dana.Position.Company != "Fabrikam" ||
		len(dana.Phones) != 2 || len(dana.Emails) != 1 || len(dana.Addresses) != 1 || dana.Addresses[0].City != "Denver" {
		t.Errorf("dana's entry lacks contact data: %+v", dana)
	}
}

func TestIncrementalSyncReportsUpsertsAndTombstones(t *testing.T) {
	h := newHarness(t, func(s *linkedinsim.Settings) { s.PageSize = 2 })
	tok := h.login("alice@contoso.com", readScopes)
	first := h.sync(tok.AccessToken, "")

	// Nothing changed: an empty delta and a usable new token.
	quiet := h.sync(tok.AccessToken, first.syncToken)
	if quiet.full || len(quiet.upserts) != 0 || len(quiet.tombstones) != 0 {
		t.Fatalf("delta without changes: %+v", quiet)
	}

	expect(t, h.do("POST", "/sim/connections", "", map[string]string{"a": "m-alice", "b": "m-grace"}), http.StatusCreated, "connect")
	expect(t, h.do("POST", "/sim/connections", "", map[string]string{"a": "m-carol", "b": "m-alice"}), http.StatusCreated, "connect")
	expect(t, h.do("DELETE", "/sim/connections/m-frank/m-alice", "", nil), http.StatusNoContent, "disconnect")
	expect(t, h.do("PATCH", "/sim/members/m-bob", "", map[string]any{
		"headline": "Sales director at Contoso", "phones": []map[string]string{{"type": "mobile", "number": "+1 206 555 0999"}},
	}), http.StatusOK, "update bob")
	// An unrelated change (grace edits a connection alice does not have)
	// must not show up.
	expect(t, h.do("POST", "/sim/connections", "", map[string]string{"a": "m-erin", "b": "m-grace"}), http.StatusCreated, "connect others")

	delta := h.sync(tok.AccessToken, quiet.syncToken)
	if delta.full {
		t.Error("an incremental listing says fullListing")
	}
	if want := []string{"m-bob", "m-carol", "m-grace"}; !slices.Equal(delta.upsertIDs(), want) {
		t.Errorf("upserts %v, want %v", delta.upsertIDs(), want)
	}
	if !slices.Equal(delta.tombstones, []string{"m-frank"}) {
		t.Errorf("tombstones %v, want [m-frank]", delta.tombstones)
	}
	if bob := delta.upserts["m-bob"]; bob.Headline != "Sales director at Contoso" || bob.Phones[0].Number != "+1 206 555 0999" {
		t.Errorf("bob's upsert is stale: %+v", bob)
	}

	// Connect then disconnect within one window: only the end state counts.
	expect(t, h.do("POST", "/sim/connections", "", map[string]string{"a": "m-alice", "b": "m-frank"}), http.StatusCreated, "reconnect")
	expect(t, h.do("DELETE", "/sim/connections/m-alice/m-frank", "", nil), http.StatusNoContent, "disconnect again")
	last := h.sync(tok.AccessToken, delta.syncToken)
	if len(last.upserts) != 0 || !slices.Equal(last.tombstones, []string{"m-frank"}) {
		t.Errorf("connect+disconnect in one window: %+v", last)
	}
}

func TestHiddenMembersLeaveTheirConnectionsFeeds(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("alice@contoso.com", readScopes)
	first := h.sync(tok.AccessToken, "")

	hide := func(visible bool) {
		expect(t, h.do("PATCH", "/sim/members/m-dana", "", map[string]bool{"visibleInMicrosoftApps": visible}), http.StatusOK, "visibility")
	}
	hide(false)
	delta := h.sync(tok.AccessToken, first.syncToken)
	if len(delta.upserts) != 0 || !slices.Equal(delta.tombstones, []string{"m-dana"}) {
		t.Errorf("after dana hid her profile: %+v", delta)
	}
	if full := h.sync(tok.AccessToken, ""); full.upserts["m-dana"].MemberID != "" {
		t.Error("a full listing still shows a hidden member")
	}
	hide(true)
	back := h.sync(tok.AccessToken, delta.syncToken)
	if _, ok := back.upserts["m-dana"]; !ok || len(back.tombstones) != 0 {
		t.Errorf("after dana showed her profile again: %+v", back)
	}
}

func TestChangesBetweenPagesAreNotLost(t *testing.T) {
	h := newHarness(t, func(s *linkedinsim.Settings) { s.PageSize = 2 })
	tok := h.login("alice@contoso.com", readScopes)
	r := h.do("GET", "/v2/connections", tok.AccessToken, nil)
	var page feedPage
	r.decode(t, &page) // bob, dana
	// Removing a connection already listed must not make the next page skip one.
	expect(t, h.do("DELETE", "/sim/connections/m-alice/m-bob", "", nil), http.StatusNoContent, "disconnect")
	r = h.do("GET", "/v2/connections?pageToken="+url.QueryEscape(page.NextPageToken), tok.AccessToken, nil)
	expect(t, r, http.StatusOK, "second page")
	r.decode(t, &page)
	var ids []string
	for _, c := range page.Upserts {
		ids = append(ids, c.MemberID)
	}
	if !slices.Equal(ids, []string{"m-erin", "m-frank"}) {
		t.Errorf("second page %v, want [m-erin m-frank]", ids)
	}
	// The change after the listing began arrives with the next delta.
	delta := h.sync(tok.AccessToken, page.SyncToken)
	if !slices.Equal(delta.tombstones, []string{"m-bob"}) {
		t.Errorf("delta after the listing: %+v", delta)
	}
}

func TestExpiredSyncTokenForcesAFullResync(t *testing.T) {
	h := newHarness(t, func(s *linkedinsim.Settings) { s.SyncTokenTTL = 24 * time.Hour })
	tok := h.login("alice@contoso.com", readScopes)
	first := h.sync(tok.AccessToken, "")
	h.clock.advance(25 * time.Hour)
	tok = h.login("alice@contoso.com", readScopes) // the access token expired meanwhile
	r := h.do("GET", "/v2/connections?syncToken="+url.QueryEscape(first.syncToken), tok.AccessToken, nil)
	expect(t, r, http.StatusGone, "expired sync token")
	if r.errorCode(t) != "sync_token_expired" || !strings.Contains(r.json(t)["message"].(string), "full resync") {
		t.Errorf("410 body %s does not say to resync", r.body)
	}
	if again := h.sync(tok.AccessToken, ""); !again.full || len(again.upserts) != 4 {
		t.Errorf("the full resync: %+v", again)
	}
}

func TestResetInvalidatesSyncTokens(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("alice@contoso.com", readScopes)
	first := h.sync(tok.AccessToken, "")
	expect(t, h.do("POST", "/sim/reset", "", nil), http.StatusOK, "reset")
	tok = h.login("alice@contoso.com", readScopes) // reset forgot every token
	r := h.do("GET", "/v2/connections?syncToken="+url.QueryEscape(first.syncToken), tok.AccessToken, nil)
	expect(t, r, http.StatusGone, "a sync token from before the reset")
}

func TestForgedOrMisusedTokensAreRejected(t *testing.T) {
	h := newHarness(t, nil)
	alice := h.login("alice@contoso.com", readScopes)
	bob := h.login("bob@contoso.com", readScopes)
	token := h.sync(alice.AccessToken, "").syncToken

	body, sig, _ := strings.Cut(token, ".")
	payload, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		t.Fatalf("sync token payload is not base64url JSON: %v", err)
	}
	// Rewind the position to replay history, keeping the old signature.
	tampered := strings.Replace(string(payload), `"p":`, `"p":0,"x":`, 1)
	forged := base64.RawURLEncoding.EncodeToString([]byte(tampered)) + "." + sig

	tests := []struct {
		name, token, query string
	}{
		{"tampered", alice.AccessToken, "syncToken=" + url.QueryEscape(forged)},
		{"garbage", alice.AccessToken, "syncToken=not-a-token"},
		{"another member's", bob.AccessToken, "syncToken=" + url.QueryEscape(token)},
		{"a sync token as page token", alice.AccessToken, "pageToken=" + url.QueryEscape(token)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do("GET", "/v2/connections?"+tt.query, tt.token, nil)
			expect(t, r, http.StatusBadRequest, tt.name)
			if r.errorCode(t) != "invalid_sync_token" {
				t.Errorf("error %q, want invalid_sync_token", r.errorCode(t))
			}
		})
	}
}

func TestConnectionsNeedTheNetworkScope(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("alice@contoso.com", "openid profile")
	expect(t, h.do("GET", "/v2/connections", tok.AccessToken, nil), http.StatusForbidden, "connections without r_network")
}
