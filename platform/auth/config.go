package auth

import (
	"flag"
	"time"
)

// ServiceIssuer is the issuer of the tokens services mint for each other,
// each with its own key.
const ServiceIssuer = "liaison-services"

// DevJWKSURL is where a service in dev mode fetches the gateway's dev token
// keys when no other key source is configured.
const DevJWKSURL = "http://localhost:8080/dev/jwks.json"

// Config says which tokens a service accepts and how it proves its own
// identity to other services.
type Config struct {
	// Issuer is the required "iss" of user tokens.
	Issuer string
	// Audience is the required "aud" of user tokens. A service token's
	// audience is the service it calls: "service:NAME".
	Audience string
	// JWKSURL is where the user-token signing keys are published.
	JWKSURL string
	// JWKSRefetchInterval is the shortest time between two fetches of the
	// JWKS: a token signed by a key not yet seen fetches it again, and
	// forged tokens must not make us hammer the identity provider. 0 fetches
	// every time.
	JWKSRefetchInterval time.Duration
	// PublicKeyFile is a PEM public key that signs user tokens, instead of or
	// beside JWKSURL.
	PublicKeyFile string
	// ServiceKeyFile is the PEM private key this service signs its calls to
	// other services with; no other service holds it. In dev mode it is
	// created when missing.
	ServiceKeyFile string
	// TrustedServiceKeys is a folder of the other services' public keys: a
	// file NAME.pub (PEM) trusts calls as "service:NAME" signed by its key,
	// and by no other. Files added or replaced later are read when a call
	// needs them. In dev mode a service publishes its own key there.
	TrustedServiceKeys string
	// ServiceName is this service's name; its tokens say "service:NAME".
	ServiceName string
}

// DefaultConfig returns the defaults for the named service.
func DefaultConfig(service string) Config {
	return Config{
		Issuer:              "liaison-dev",
		Audience:            "liaison",
		JWKSRefetchInterval: 30 * time.Second,
		ServiceKeyFile:      "data/" + service + "-service-key.pem",
		TrustedServiceKeys:  "data/service-keys",
		ServiceName:         service,
	}
}

// Bind registers the settings as flags.
func (c *Config) Bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Issuer, "auth-issuer", c.Issuer, `required "iss" claim of user tokens`)
	fs.StringVar(&c.Audience, "auth-audience", c.Audience, `required "aud" claim of user tokens`)
	fs.StringVar(&c.JWKSURL, "auth-jwks-url", c.JWKSURL, "JWKS URL of the user-token signing keys (dev mode defaults to the gateway's "+DevJWKSURL+")")
	fs.DurationVar(&c.JWKSRefetchInterval, "auth-jwks-refetch-interval", c.JWKSRefetchInterval, "shortest time between two JWKS fetches (a token signed by an unknown key fetches it again)")
	fs.StringVar(&c.PublicKeyFile, "auth-public-key-file", c.PublicKeyFile, "PEM public key that signs user tokens")
	fs.StringVar(&c.ServiceKeyFile, "service-key-file", c.ServiceKeyFile, "PEM private key this service signs its calls to other services with (created in dev mode)")
	fs.StringVar(&c.TrustedServiceKeys, "trusted-service-keys", c.TrustedServiceKeys, "folder of NAME.pub files: the PEM public key of each service NAME whose calls are accepted (dev mode publishes its own)")
}
