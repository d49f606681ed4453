// Package config holds the gateway's settings: one struct, its defaults, and
// their binding to flags and LIAISON_* environment variables.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/peterbourgon/ff/v3"
)

// EnvPrefix prefixes the environment variable of every flag: --http-addr is
// also LIAISON_HTTP_ADDR. A flag given on the command line wins.
const EnvPrefix = "LIAISON"

// Config is every setting of `liaison-gateway serve`.
type Config struct {
	HTTPAddr      string
	PolicyAddr    string
	ConsentAddr   string
	Dev           bool
	DevIssuer     string
	DevAudience   string
	DevTokenTTL   time.Duration
	DevKeyFile    string
	OTLPEndpoint  string
	LogLevel      slog.Level
	ShutdownGrace time.Duration
	ReadyFile     string
}

// Default returns the settings used when nothing is set: the only place
// defaults are written down.
func Default() Config {
	return Config{
		HTTPAddr:      ":8080",
		PolicyAddr:    "localhost:9101",
		ConsentAddr:   "localhost:9102",
		DevIssuer:     "liaison-dev",
		DevAudience:   "liaison",
		DevTokenTTL:   12 * time.Hour,
		DevKeyFile:    "data/dev-gateway-key.pem",
		LogLevel:      slog.LevelInfo,
		ShutdownGrace: 10 * time.Second,
	}
}

// Bind registers one flag per setting on fs, with c's values as defaults.
func (c *Config) Bind(fs *flag.FlagSet) {
	fs.StringVar(&c.HTTPAddr, "http-addr", c.HTTPAddr, "address the HTTP/JSON API listens on (port 0 picks a free port)")
	fs.StringVar(&c.PolicyAddr, "policy-addr", c.PolicyAddr, "gRPC address of the policy service")
	fs.StringVar(&c.ConsentAddr, "consent-addr", c.ConsentAddr, "gRPC address of the consent service")
	fs.BoolVar(&c.Dev, "dev", c.Dev, "enable dev identity: POST /dev/token mints tokens for anyone; never in production")
	fs.StringVar(&c.DevIssuer, "dev-issuer", c.DevIssuer, "iss claim of dev tokens")
	fs.StringVar(&c.DevAudience, "dev-audience", c.DevAudience, "aud claim of dev tokens")
	fs.DurationVar(&c.DevTokenTTL, "dev-token-ttl", c.DevTokenTTL, "lifetime of dev tokens")
	fs.StringVar(&c.DevKeyFile, "dev-key-file", c.DevKeyFile, "PEM file of the ECDSA P-256 key that signs dev tokens; created (0600) if missing")
	fs.StringVar(&c.OTLPEndpoint, "otlp-endpoint", c.OTLPEndpoint, "OTLP/gRPC URL traces are exported to, e.g. http://localhost:4317 (empty: no export)")
	fs.TextVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn or error")
	fs.DurationVar(&c.ShutdownGrace, "shutdown-grace", c.ShutdownGrace, "how long in-flight requests may finish after SIGINT or SIGTERM")
	fs.StringVar(&c.ReadyFile, "ready-file", c.ReadyFile, "if set, the bound HTTP address is written to this file once listening")
}

// Parse reads the settings from args and the environment, and checks them.
// It returns an error wrapping flag.ErrHelp after printing usage for -h.
func Parse(name string, args []string) (Config, error) {
	c := Default()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	c.Bind(fs)
	fs.Usage = func() { PrintUsage(fs) }
	if err := ff.Parse(fs, args, ff.WithEnvVarPrefix(EnvPrefix)); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return c, c.Validate()
}

// Validate reports settings that cannot work, so the gateway fails at start
// rather than on the first request.
func (c Config) Validate() error {
	var errs []error
	if c.HTTPAddr == "" {
		errs = append(errs, errors.New("http-addr is required"))
	}
	if c.PolicyAddr == "" {
		errs = append(errs, errors.New("policy-addr is required"))
	}
	if c.ConsentAddr == "" {
		errs = append(errs, errors.New("consent-addr is required"))
	}
	if c.ShutdownGrace < 0 {
		errs = append(errs, errors.New("shutdown-grace must not be negative"))
	}
	if c.Dev {
		if c.DevTokenTTL <= 0 {
			errs = append(errs, errors.New("dev-token-ttl must be positive"))
		}
		if c.DevKeyFile == "" {
			errs = append(errs, errors.New("dev-key-file is required with --dev"))
		}
	}
	if c.OTLPEndpoint != "" {
		// The scheme says whether the exporter uses TLS, so it must be there.
		u, err := url.Parse(c.OTLPEndpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("otlp-endpoint %q: want a URL such as http://localhost:4317", c.OTLPEndpoint))
		}
	}
	return errors.Join(errs...)
}
