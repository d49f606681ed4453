package linkedin

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// DefaultTimeout bounds each HTTP call to the network unless
// Config.Timeout says otherwise.
const DefaultTimeout = 10 * time.Second

// Config says where the network is and who we are to it.
type Config struct {
	// BaseURL is where the OAuth endpoints (/oauth/v2/...) live: the
	// simulator's address, or https://www.linkedin.com.
	BaseURL string
	// APIBaseURL is where the API (/v2/...) lives, when it is not at
	// BaseURL: the real LinkedIn serves it from https://api.linkedin.com.
	// Empty means BaseURL, as on the simulator.
	APIBaseURL string
	// ClientID and ClientSecret are the application's registration; the
	// simulator's development client is liaison-dev / liaison-dev-secret.
	ClientID     string
	ClientSecret string
	// Timeout bounds each HTTP call, from connecting to reading the whole
	// answer. Zero means DefaultTimeout.
	Timeout time.Duration
	// Transport carries the HTTP requests; nil means
	// http.DefaultTransport. Telemetry wraps it to trace the calls.
	Transport http.RoundTripper
}

// Client is the Provider for LinkedIn and its simulator, over HTTP. It is
// safe for concurrent use.
type Client struct {
	authBase     string
	apiBase      string
	clientID     string
	clientSecret string
	// hasCredentials is false for a NewAPI client built without them.
	hasCredentials bool
	client         *http.Client
	// longPoll has no timeout of its own: MemberEvents bounds each call
	// with a deadline of the poll's wait plus timeout.
	longPoll *http.Client
	timeout  time.Duration
}

var _ Provider = (*Client)(nil)

// New checks cfg and returns a client of LinkedIn (or the simulator).
func New(cfg Config) (*Client, error) {
	authBase, authErr := baseURL("BaseURL", cfg.BaseURL)
	apiBase, apiErr := baseURL("APIBaseURL", cmp.Or(cfg.APIBaseURL, cfg.BaseURL))
	errs := []error{authErr, apiErr}
	if cfg.ClientID == "" {
		errs = append(errs, errors.New("provider: ClientID is required"))
	}
	if cfg.ClientSecret == "" {
		errs = append(errs, errors.New("provider: ClientSecret is required"))
	}
	if cfg.Timeout < 0 {
		errs = append(errs, fmt.Errorf("provider: Timeout must not be negative, got %s", cfg.Timeout))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	timeout := cmp.Or(cfg.Timeout, DefaultTimeout)
	return &Client{
		authBase:       authBase,
		apiBase:        apiBase,
		clientID:       cfg.ClientID,
		clientSecret:   cfg.ClientSecret,
		hasCredentials: true,
		client:         httpClient(cfg.Transport, timeout),
		longPoll:       httpClient(cfg.Transport, 0),
		timeout:        timeout,
	}, nil
}

// httpClient returns a client through transport with the given timeout (0
// for none).
func httpClient(transport http.RoundTripper, timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout:   timeout,
		Transport: transport,
		// The network's API answers; it never redirects. Following a
		// redirect could carry the Authorization header elsewhere.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// baseURL checks that raw is an absolute http(s) URL and returns it
// without a trailing slash, ready for paths to be appended.
func baseURL(field, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("provider: %s must be an absolute http or https URL without query, got %q", field, raw)
	}
	return strings.TrimRight(raw, "/"), nil
}

// oauthConfig is the oauth2 library's view of the network for one
// authorization. It is built per call because the redirect URL and the
// scopes vary per call.
func (l *Client) oauthConfig(redirectURL string, scopes []string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     l.clientID,
		ClientSecret: l.clientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:  l.authBase + "/oauth/v2/authorization",
			TokenURL: l.authBase + "/oauth/v2/accessToken",
			// LinkedIn takes the client's credentials in the form. Saying
			// so also stops the library from probing with a failed request.
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: redirectURL,
		Scopes:      scopes,
	}
}

// oauthContext makes the oauth2 library use our client, with its timeout.
func (l *Client) oauthContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, l.client)
}
