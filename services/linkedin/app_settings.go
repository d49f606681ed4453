package linkedin

import (
	"errors"
	"flag"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// AppSettings are the settings of a service that calls the network as our
// registered application (consent's connect flow, profile-card's member
// events), bound to the same flags in each.
type AppSettings struct {
	// LinkedInURL is the network's base URL (the simulator in development).
	LinkedInURL string
	// LinkedInClientID and LinkedInClientSecret are our registration with
	// the network. The secret is never logged.
	LinkedInClientID     string
	LinkedInClientSecret string
	// LinkedInTimeout bounds each call to the network.
	LinkedInTimeout time.Duration
}

// The simulator's development client, which dev mode uses.
const (
	DevClientID     = "liaison-dev"
	DevClientSecret = "liaison-dev-secret"
)

// DefaultAppSettings are the network's settings in development: the
// simulator on this machine, as its development client.
func DefaultAppSettings() AppSettings {
	return AppSettings{LinkedInURL: "http://localhost:8090", LinkedInClientID: DevClientID, LinkedInTimeout: DefaultTimeout}
}

// Bind registers the settings as flags.
func (a *AppSettings) Bind(fs *flag.FlagSet) {
	fs.StringVar(&a.LinkedInURL, "linkedin-url", a.LinkedInURL, "LinkedIn (or simulator) base URL")
	fs.StringVar(&a.LinkedInClientID, "linkedin-client-id", a.LinkedInClientID, "OAuth client id registered with LinkedIn")
	fs.StringVar(&a.LinkedInClientSecret, "linkedin-client-secret", a.LinkedInClientSecret, "OAuth client secret (prefer the environment variable; dev mode defaults to the simulator's)")
	fs.DurationVar(&a.LinkedInTimeout, "linkedin-timeout", a.LinkedInTimeout, "time limit of each call to LinkedIn")
}

// Client is the network's client as these settings describe it, its calls
// traced. Without a secret, only dev mode goes on, as the simulator's
// development client.
func (a *AppSettings) Client(dev bool) (*Client, error) {
	secret := a.LinkedInClientSecret
	switch {
	case secret == "" && dev:
		secret = DevClientSecret
	case secret == "":
		return nil, errors.New("--linkedin-client-secret is required without --dev (only dev mode defaults to the simulator's)")
	}
	return New(Config{
		BaseURL: a.LinkedInURL, ClientID: a.LinkedInClientID, ClientSecret: secret,
		Timeout: a.LinkedInTimeout, Transport: otelhttp.NewTransport(nil),
	})
}
