package linkedin_test

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/linkedin"
)

// TestFullFlow walks one member through everything the consent service
// does: connect both ways, learn who connected, refresh, delete the
// imported contacts, and disconnect.
func TestFullFlow(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(nil)
	ctx := t.Context()
	scopes := linkedin.ScopesFor(typev1.ConsentDirection_BIDIRECTIONAL)

	tok := s.connect(p, "alice@contoso.com", scopes)
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("Exchange returned %+v, want an access and a refresh token", tok)
	}
	if !tok.Expiry.After(time.Now()) {
		t.Errorf("access token expiry %s is not in the future", tok.Expiry)
	}
	if !slices.Equal(tok.Scopes, scopes) {
		t.Errorf("granted scopes = %v, want %v", tok.Scopes, scopes)
	}
	if !linkedin.Covers(tok.Scopes, typev1.ConsentDirection_BIDIRECTIONAL) {
		t.Error("the granted scopes do not cover both-ways consent")
	}

	m, err := p.Member(ctx, tok.AccessToken)
	if err != nil {
		t.Fatalf("Member: %v", err)
	}
	want := linkedin.Member{ID: "m-alice", GivenName: "Alice", FamilyName: "Wong", Email: "alice@contoso.com"}
	if *m != want {
		t.Errorf("Member = %+v, want %+v", *m, want)
	}

	refreshed, err := p.Refresh(ctx, tok.RefreshToken)
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if refreshed.AccessToken == "" || refreshed.AccessToken == tok.AccessToken {
		t.Error("Refresh did not issue a new access token")
	}
	if refreshed.RefreshToken != tok.RefreshToken {
		t.Error("Refresh lost the refresh token")
	}
	if !slices.Equal(refreshed.Scopes, scopes) {
		t.Errorf("refreshed scopes = %v, want %v", refreshed.Scopes, scopes)
	}
	if m, err := p.Member(ctx, refreshed.AccessToken); err != nil || m.ID != "m-alice" {
		t.Fatalf("Member with the refreshed token = %+v, %v", m, err)
	}

	// The organization imports one contact, as contact sync will.
	upload := map[string]any{"mode": "append", "contacts": []map[string]any{
		{"firstName": "Carol", "lastName": "Diaz", "emails": []string{"carol@contoso.com"}},
	}}
	if status := s.call(http.MethodPost, "/v2/contactImports", refreshed.AccessToken, upload, nil); status != http.StatusOK {
		t.Fatalf("uploading a contact: status %d", status)
	}
	deleted, err := p.DeleteImportedContacts(ctx, refreshed.AccessToken)
	if err != nil || deleted != 1 {
		t.Fatalf("DeleteImportedContacts = %d, %v; want 1", deleted, err)
	}
	var left struct{ Total int }
	s.call(http.MethodGet, "/sim/members/m-alice/contactImports", "", nil, &left)
	if left.Total != 0 {
		t.Fatalf("the simulator still holds %d imported contacts for alice", left.Total)
	}
	if deleted, err := p.DeleteImportedContacts(ctx, refreshed.AccessToken); err != nil || deleted != 0 {
		t.Fatalf("DeleteImportedContacts again = %d, %v; want 0", deleted, err)
	}

	// Disconnect: revoking the refresh token ends the whole grant.
	if err := p.Revoke(ctx, tok.RefreshToken); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	for _, access := range []string{tok.AccessToken, refreshed.AccessToken} {
		_, err = p.Member(ctx, access)
		if !errors.Is(err, linkedin.ErrUnauthorized) {
			t.Fatalf("Member after Revoke: error = %v, want ErrUnauthorized", err)
		}
		assertNoSecret(t, err, access)
	}
	_, err = p.Refresh(ctx, tok.RefreshToken)
	if !errors.Is(err, linkedin.ErrInvalidGrant) {
		t.Fatalf("Refresh after Revoke: error = %v, want ErrInvalidGrant", err)
	}
	assertNoSecret(t, err, tok.RefreshToken)
	var live struct{ AccessTokens, RefreshTokens int }
	s.call(http.MethodGet, "/sim/tokens/m-alice", "", nil, &live)
	if live.AccessTokens != 0 || live.RefreshTokens != 0 {
		t.Fatalf("after Revoke the simulator holds %+v live tokens for alice", live)
	}
	// Revoking again succeeds: the token does not work, which is the point.
	if err := p.Revoke(ctx, tok.RefreshToken); err != nil {
		t.Fatalf("Revoke again: %v", err)
	}
}

// TestOneWayConsent: the LinkedIn -> organization scopes identify the
// member but do not allow contact import, and do not cover both ways.
func TestOneWayConsent(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(nil)
	tok := s.connect(p, "bob@contoso.com", linkedin.ScopesFor(typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION))
	if linkedin.Covers(tok.Scopes, typev1.ConsentDirection_BIDIRECTIONAL) {
		t.Fatalf("one-way scopes %v cover both ways", tok.Scopes)
	}
	if m, err := p.Member(t.Context(), tok.AccessToken); err != nil || m.ID != "m-bob" {
		t.Fatalf("Member = %+v, %v", m, err)
	}
	// Missing a scope is not a revoked token: a plain error.
	_, err := p.DeleteImportedContacts(t.Context(), tok.AccessToken)
	var perr *linkedin.Error
	if !errors.As(err, &perr) || perr.StatusCode != http.StatusForbidden || perr.Kind != nil {
		t.Fatalf("DeleteImportedContacts without the scope: error = %#v, want an unclassified 403", err)
	}
}

func TestAuthorizationURL(t *testing.T) {
	p := newProvider(t, "https://www.linkedin.com/", nil)
	scopes := linkedin.ScopesFor(typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION)
	raw := p.AuthorizationURL("st", "challenge-value", callbackURL, scopes, "alice@contoso.com")
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Scheme + "://" + u.Host + u.Path; got != "https://www.linkedin.com/oauth/v2/authorization" {
		t.Errorf("authorization endpoint = %s", got)
	}
	want := url.Values{
		"response_type": {"code"}, "client_id": {devClient}, "redirect_uri": {callbackURL},
		"scope": {"openid profile email r_network"}, "state": {"st"},
		"code_challenge": {"challenge-value"}, "code_challenge_method": {"S256"},
		"login_hint": {"alice@contoso.com"},
	}
	for k := range want {
		if got := u.Query().Get(k); got != want.Get(k) {
			t.Errorf("%s = %q, want %q", k, got, want.Get(k))
		}
	}
	if strings.Contains(raw, devSecret) {
		t.Error("the authorization URL carries the client secret")
	}
	noHint, _ := url.Parse(p.AuthorizationURL("st", "challenge-value", callbackURL, scopes, ""))
	if noHint.Query().Has("login_hint") {
		t.Error("an empty login hint was sent")
	}
}

// TestAPIBaseURL: the API can live on another host than the OAuth
// endpoints, as on the real LinkedIn.
func TestAPIBaseURL(t *testing.T) {
	s := startSim(t, nil)
	oauthOnly := s.provider(nil)
	tok := s.connect(oauthOnly, "carol@contoso.com", linkedin.ScopesFor(typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION))

	other := startSim(t, nil) // knows nothing of carol's token
	p := newProvider(t, s.url, func(c *linkedin.Config) { c.APIBaseURL = other.url })
	if _, err := p.Member(t.Context(), tok.AccessToken); !errors.Is(err, linkedin.ErrUnauthorized) {
		t.Fatalf("Member at the other API: error = %v, want ErrUnauthorized", err)
	}
	p = newProvider(t, other.url, func(c *linkedin.Config) { c.APIBaseURL = s.url + "/" })
	if m, err := p.Member(t.Context(), tok.AccessToken); err != nil || m.ID != "m-carol" {
		t.Fatalf("Member = %+v, %v", m, err)
	}
}

func TestNewLinkedInChecksConfig(t *testing.T) {
	good := linkedin.Config{BaseURL: "http://localhost:8090", ClientID: devClient, ClientSecret: devSecret}
	for name, change := range map[string]func(*linkedin.Config){
		"no base URL":       func(c *linkedin.Config) { c.BaseURL = "" },
		"relative base URL": func(c *linkedin.Config) { c.BaseURL = "localhost:8090" },
		"ftp base URL":      func(c *linkedin.Config) { c.BaseURL = "ftp://example.com" },
		"bad API URL":       func(c *linkedin.Config) { c.APIBaseURL = "api.linkedin.com" },
		"no client id":      func(c *linkedin.Config) { c.ClientID = "" },
		"no client secret":  func(c *linkedin.Config) { c.ClientSecret = "" },
		"negative timeout":  func(c *linkedin.Config) { c.Timeout = -time.Second },
	} {
		cfg := good
		change(&cfg)
		if _, err := linkedin.New(cfg); err == nil {
			t.Errorf("%s: New accepted %+v", name, cfg)
		} else if strings.Contains(err.Error(), devSecret) {
			t.Errorf("%s: the error quotes the client secret: %v", name, err)
		}
	}
	if _, err := linkedin.New(good); err != nil {
		t.Fatalf("New(%+v): %v", good, err)
	}
}

// assertNoSecret fails the test if err's message quotes secret.
func assertNoSecret(t *testing.T, err error, secret string) {
	t.Helper()
	if err != nil && secret != "" && strings.Contains(err.Error(), secret) {
		t.Fatalf("the error message quotes a token: %v", err)
	}
}
