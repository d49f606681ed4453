package console

import (
	"errors"
	"flag"
	"net/url"
	"strings"
)

// Settings say how people sign in to the console outside dev mode: the
// OpenID Connect provider (authorization code flow with PKCE, run in the
// browser) whose access tokens the services accept.
type Settings struct {
	// Issuer is the provider's issuer URL; its discovery document is read
	// from Issuer + "/.well-known/openid-configuration". Empty turns
	// provider sign-in off.
	Issuer string
	// ClientID is the console's client id at the provider: a public client
	// (no secret) whose redirect URI is the gateway's own URL with path /.
	ClientID string
	// Scopes are asked for at sign-in.
	Scopes string
	// Audience, when set, is sent as the "audience" parameter, for
	// providers that issue access tokens per API (Auth0, Okta).
	Audience string
}

// DefaultSettings leave provider sign-in off.
func DefaultSettings() Settings {
	return Settings{Scopes: "openid profile email"}
}

// Bind registers the settings as flags.
func (s *Settings) Bind(fs *flag.FlagSet) {
	fs.StringVar(&s.Issuer, "console-oidc-issuer", s.Issuer, "OpenID Connect issuer URL the console signs people in with (authorization code + PKCE); empty: dev sign-in only")
	fs.StringVar(&s.ClientID, "console-oidc-client-id", s.ClientID, "the console's public client id at the OpenID Connect provider (redirect URI: this gateway's URL with path /)")
	fs.StringVar(&s.Scopes, "console-oidc-scopes", s.Scopes, "scopes the console asks the OpenID Connect provider for")
	fs.StringVar(&s.Audience, "console-oidc-audience", s.Audience, `"audience" parameter sent to providers that issue access tokens per API`)
}

// Check reports settings that cannot work: a client id without an issuer
// or the reverse, and an issuer that is not an https URL (http only for
// localhost, where a test provider runs).
func (s Settings) Check() error {
	if s.Issuer == "" {
		if s.ClientID != "" {
			return errors.New("--console-oidc-client-id needs --console-oidc-issuer")
		}
		return nil
	}
	if s.ClientID == "" {
		return errors.New("--console-oidc-issuer needs --console-oidc-client-id")
	}
	u, err := url.Parse(s.Issuer)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("--console-oidc-issuer must be an absolute URL without query or fragment")
	}
	local := u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1" || u.Hostname() == "::1"
	if u.Scheme != "https" && !(u.Scheme == "http" && local) {
		return errors.New("--console-oidc-issuer must be https (http only for localhost)")
	}
	if strings.TrimSpace(s.Scopes) == "" || !strings.Contains(" "+s.Scopes+" ", " openid ") {
		return errors.New(`--console-oidc-scopes must include "openid"`)
	}
	return nil
}

// origin is the issuer's scheme and host, which the console's content
// security policy lets it fetch from.
func (s Settings) origin() string {
	u, err := url.Parse(s.Issuer)
	if err != nil || s.Issuer == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
