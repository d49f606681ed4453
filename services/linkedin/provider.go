// Package linkedin is how the services talk to the professional network:
// for consent, the OAuth 2.0 authorization code flow with PKCE, the
// member's identity, token revocation, and deleting the contacts the
// organization imported (the Provider interface); for contact-sync, the
// connections feed and the contact import; for the profile card, a
// member's public profile by email and the member-event feed (methods of
// Client). The services
// see interfaces, so the same code runs against the simulator in
// development and tests and against the real LinkedIn in production.
//
// Tokens pass through this package in clear, and leave it only in the
// values it returns: never in an error, a log line or a URL.
package linkedin

import (
	"context"
	"time"
)

// Provider is the network as the consent service needs it.
type Provider interface {
	// AuthorizationURL is where to send the member's browser to ask for
	// scopes. state comes back on the redirect to redirectURL;
	// codeChallenge is the S256 PKCE challenge (see NewPKCE); loginHint,
	// when not empty, suggests which member should sign in.
	AuthorizationURL(state, codeChallenge, redirectURL string, scopes []string, loginHint string) string

	// Exchange redeems the code the redirect carried for tokens. The code
	// verifier and redirect URL must match the authorization request. A
	// code that is unknown, expired, already used, or fails PKCE gives
	// ErrInvalidGrant.
	Exchange(ctx context.Context, code, codeVerifier, redirectURL string) (*Token, error)

	// Refresh gets a new access token. A refresh token that was revoked or
	// has expired gives ErrInvalidGrant: the member must connect again.
	Refresh(ctx context.Context, refreshToken string) (*Token, error)

	// Member returns who the access token speaks for. A token the network
	// refuses (revoked, expired) gives ErrUnauthorized.
	Member(ctx context.Context, accessToken string) (*Member, error)

	// Revoke ends the grant the token (access or refresh) belongs to, so
	// neither of its tokens works any more. Revoking a token the network
	// no longer knows succeeds: it does not work either way.
	Revoke(ctx context.Context, token string) error

	// DeleteImportedContacts deletes every contact the organization
	// imported into the member's account and says how many there were.
	// The token needs the contact-import scope (both-ways consent).
	DeleteImportedContacts(ctx context.Context, accessToken string) (int64, error)
}

// Token is what the network issued for one grant.
type Token struct {
	AccessToken  string
	RefreshToken string
	// Expiry is when the access token stops working; zero if the network
	// did not say.
	Expiry time.Time
	// Scopes are the scopes the network granted, which may be fewer than
	// were asked for; empty if the network did not say.
	Scopes []string
}

// Member is the network's account behind a token.
type Member struct {
	// ID is the network's stable id for the member (OpenID Connect's sub).
	ID         string
	GivenName  string
	FamilyName string
	// Email is the member's primary verified email; empty without the
	// email scope.
	Email string
}
