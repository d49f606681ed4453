package ctl

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/spf13/cobra"
	"golang.org/x/oauth2"
)

func loginCommand(s *session) *cobra.Command {
	var f struct {
		issuer, clientID, audience, listen string
		scopes                             []string
		device, noBrowser                  bool
	}
	var c *cobra.Command
	c = &cobra.Command{
		Use:   "login",
		Short: "Sign in with your organization's OpenID Connect provider and keep the token",
		Long: `Sign in with the OpenID Connect provider the services trust, and keep the
tokens in the config file (readable by you only), renewed with the refresh
token when they expire.

By default this is the authorization code flow with PKCE: a browser opens
the provider's page and comes back to a listener on this machine
(http://127.0.0.1:PORT/callback: register it, any port, as the client's
redirect URI). With --device, the device flow: open the address shown on any
device and type the code (for machines without a browser).

The provider must issue access tokens the services accept (--auth-issuer,
--auth-audience, with the tid and roles claims). The issuer and client are
kept for the next login.`,
		Example: `  liaisonctl login --issuer https://login.example.com --client-id liaisonctl
  liaisonctl login --device`,
		Args:        args(cobra.NoArgs),
		Annotations: map[string]string{longRunning: "true"},
		RunE: run(s, func(ctx context.Context, _ []string) error {
			settings := s.settings.Login
			override(&settings.Issuer, f.issuer)
			override(&settings.ClientID, f.clientID)
			override(&settings.Audience, f.audience)
			if c.Flags().Changed("scope") {
				settings.Scopes = f.scopes
			}
			if settings.Issuer == "" {
				return usageErrorf("no issuer: pass --issuer or set login.issuer in the config file")
			}
			cfg, err := oauthConfig(ctx, settings)
			if err != nil {
				return err
			}
			var tok *oauth2.Token
			if f.device {
				tok, err = deviceLogin(ctx, s, cfg, settings)
			} else {
				tok, err = browserLogin(ctx, s, cfg, settings, f.listen, !f.noBrowser)
			}
			if err != nil {
				return err
			}
			file, err := loadSettings(s.configFile)
			if err != nil {
				return err
			}
			file.Login = settings
			file.Credentials = Credentials{Token: tok.AccessToken, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry}
			if err := saveSettings(s.configFile, file); err != nil {
				return err
			}
			fmt.Fprintf(s.errOut, "signed in; the token is kept in %s", s.configFile)
			if !tok.Expiry.IsZero() {
				fmt.Fprintf(s.errOut, " (valid until %s)", tok.Expiry.Local().Format(time.DateTime))
			}
			fmt.Fprintln(s.errOut)
			return nil
		}),
	}
	c.Flags().StringVar(&f.issuer, "issuer", "", "the provider's issuer URL")
	c.Flags().StringVar(&f.clientID, "client-id", "", "this client's id at the provider (default liaisonctl)")
	c.Flags().StringArrayVar(&f.scopes, "scope", nil, "a scope to ask for; repeat for more (default openid profile email offline_access)")
	c.Flags().StringVar(&f.audience, "audience", "", "the audience parameter, for providers that issue access tokens per API")
	c.Flags().BoolVar(&f.device, "device", false, "use the device flow: sign in on another device with a code")
	c.Flags().BoolVar(&f.noBrowser, "no-browser", false, "print the sign-in address instead of opening a browser")
	c.Flags().StringVar(&f.listen, "listen", "127.0.0.1:0", "where the browser comes back to (loopback only)")
	return c
}

// oauthConfig finds the provider's endpoints (OpenID Connect discovery).
func oauthConfig(ctx context.Context, l LoginSettings) (*oauth2.Config, error) {
	provider, err := oidc.NewProvider(ctx, l.Issuer)
	if err != nil {
		return nil, fmt.Errorf("the provider at %s: %w", l.Issuer, err)
	}
	endpoint := provider.Endpoint()
	// A public client (no secret) names itself in the request body; the
	// header form would make the provider take it for a confidential one.
	endpoint.AuthStyle = oauth2.AuthStyleInParams
	return &oauth2.Config{ClientID: l.ClientID, Endpoint: endpoint, Scopes: l.Scopes}, nil
}

// audienceOption asks for an audience when one is set.
func audienceOption(l LoginSettings) []oauth2.AuthCodeOption {
	if l.Audience == "" {
		return nil
	}
	return []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("audience", l.Audience)}
}

// renew trades a refresh token for a new access token.
func renew(ctx context.Context, l LoginSettings, c Credentials) (Credentials, error) {
	cfg, err := oauthConfig(ctx, l)
	if err != nil {
		return c, err
	}
	tok, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: c.RefreshToken, Expiry: time.Unix(1, 0)}).Token()
	if err != nil {
		return c, err
	}
	refresh := tok.RefreshToken
	if refresh == "" {
		refresh = c.RefreshToken
	}
	return Credentials{Token: tok.AccessToken, RefreshToken: refresh, Expiry: tok.Expiry}, nil
}

// deviceLogin runs the device flow (RFC 8628).
func deviceLogin(ctx context.Context, s *session, cfg *oauth2.Config, l LoginSettings) (*oauth2.Token, error) {
	if cfg.Endpoint.DeviceAuthURL == "" {
		return nil, fmt.Errorf("the provider at %s offers no device flow (no device_authorization_endpoint); sign in with the browser instead", l.Issuer)
	}
	auth, err := cfg.DeviceAuth(ctx, audienceOption(l)...)
	if err != nil {
		return nil, fmt.Errorf("the provider refused the device flow: %w", err)
	}
	where := auth.VerificationURI
	if auth.VerificationURIComplete != "" {
		where = auth.VerificationURIComplete
	}
	fmt.Fprintf(s.errOut, "To sign in, open %s and enter the code %s\n", where, auth.UserCode)
	return cfg.DeviceAccessToken(ctx, auth, audienceOption(l)...)
}

// browserLogin runs the authorization code flow with PKCE, the browser
// coming back to a loopback listener.
func browserLogin(ctx context.Context, s *session, cfg *oauth2.Config, l LoginSettings, listen string, openBrowser bool) (*oauth2.Token, error) {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, usageErrorf("--listen %s: %v", listen, err)
	}
	if addr, ok := ln.Addr().(*net.TCPAddr); !ok || !addr.IP.IsLoopback() {
		ln.Close()
		return nil, usageErrorf("--listen %s: the browser must come back to a loopback address", listen)
	}
	cfg.RedirectURL = "http://" + ln.Addr().String() + "/callback"
	verifier := oauth2.GenerateVerifier()
	state := randomString()
	url := cfg.AuthCodeURL(state, append(audienceOption(l), oauth2.S256ChallengeOption(verifier))...)

	type result struct {
		tok *oauth2.Token
		err error
	}
	done := make(chan result, 1)
	server := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/callback" {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		var res result
		switch {
		case q.Get("state") != state:
			http.Error(w, "This sign-in is not the one liaisonctl started.", http.StatusBadRequest)
			return
		case q.Get("error") != "":
			res.err = fmt.Errorf("the provider refused the sign-in: %s %s", q.Get("error"), q.Get("error_description"))
		default:
			res.tok, res.err = cfg.Exchange(r.Context(), q.Get("code"), oauth2.VerifierOption(verifier))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if res.err != nil {
			fmt.Fprintf(w, "<!doctype html><title>liaisonctl</title><p>Sign-in failed: %s</p>", html.EscapeString(res.err.Error()))
		} else {
			fmt.Fprint(w, "<!doctype html><title>liaisonctl</title><p>Signed in. You can close this tab and go back to liaisonctl.</p>")
		}
		select {
		case done <- res:
		default:
		}
	})}
	go func() { _ = server.Serve(ln) }()
	defer server.Close()

	fmt.Fprintf(s.errOut, "To sign in, open this address in a browser:\n\n  %s\n\n", url)
	if openBrowser {
		if err := startBrowser(url); err == nil {
			fmt.Fprintln(s.errOut, "(a browser should have opened it)")
		}
	}
	select {
	case res := <-done:
		return res.tok, res.err
	case <-ctx.Done():
		return nil, errors.Join(errors.New("no sign-in came back"), ctx.Err())
	}
}

// startBrowser opens url in the desktop's browser, when there is one.
func startBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

func randomString() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
