package console

import (
	"errors"
	"flag"
	"fmt"
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
	// Origins are more origins the console may call, comma-separated: the
	// provider's token endpoint where it is not on the issuer's origin
	// (Google's is https://oauth2.googleapis.com).
	Origins string
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
	fs.StringVar(&s.Origins, "console-oidc-origins", s.Origins, "comma-separated origins besides the issuer's that the console calls: the provider's token endpoint when it is elsewhere")
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
	if _, err := webOrigin(s.Issuer, false); err != nil {
		return fmt.Errorf("--console-oidc-issuer %w", err)
	}
	for _, o := range s.extraOrigins() {
		if _, err := webOrigin(o, true); err != nil {
			return fmt.Errorf("--console-oidc-origins: %q %w", o, err)
		}
	}
	if strings.TrimSpace(s.Scopes) == "" || !strings.Contains(" "+s.Scopes+" ", " openid ") {
		return errors.New(`--console-oidc-scopes must include "openid"`)
	}
	return nil
}

// origins are the issuer's origin and the extra ones, which the console's
// content security policy lets it call.
func (s Settings) origins() []string {
	var out []string
	if o, err := webOrigin(s.Issuer, false); err == nil && s.Issuer != "" {
		out = append(out, o)
	}
	for _, o := range s.extraOrigins() {
		if o, err := webOrigin(o, true); err == nil {
			out = append(out, o)
		}
	}
	return out
}

func (s Settings) extraOrigins() []string {
	var out []string
	for _, o := range strings.Split(s.Origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// webOrigin is raw's scheme and host: raw must be an absolute https URL
// (http only on loopback, where test providers run) without query or
// fragment, and, when bare, with no path either.
func webOrigin(raw string, bare bool) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", errors.New("must be an absolute URL without credentials, query or fragment")
	}
	if bare && strings.Trim(u.Path, "/") != "" {
		return "", errors.New("must be an origin (scheme and host), without a path")
	}
	local := u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1" || u.Hostname() == "::1"
	if u.Scheme != "https" && !(u.Scheme == "http" && local) {
		return "", errors.New("must be https (http only for localhost)")
	}
	return u.Scheme + "://" + u.Host, nil
}
