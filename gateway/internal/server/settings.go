package server

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/liaisonhq/liaison/gateway/internal/console"
	"github.com/liaisonhq/liaison/gateway/internal/profiling"
	"github.com/liaisonhq/liaison/gateway/internal/ratelimit"
	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/mtls"
)

// Settings are every setting of `liaison-gateway serve`, bound to flags
// and LIAISON_* variables by the platform's config.
type Settings struct {
	// Process holds what every Liaison binary has: dev mode (which also
	// turns on the dev identity: POST /dev/token), logging, shutdown grace,
	// the ready file and telemetry.
	config.Process
	// HTTPAddr is where the HTTP/JSON API listens.
	HTTPAddr string
	// BackendAddrs are the gRPC addresses of the services, by backend name
	// (the backends table).
	BackendAddrs map[string]string
	// Dev* configure the dev identity, on with --dev only.
	DevIssuer   string
	DevAudience string
	DevTokenTTL time.Duration
	DevKeyFile  string
	// Limits bound what one request or connection may cost.
	Limits Limits
	// Rates limit how often each caller and address may call.
	Rates ratelimit.Settings
	// DebugAddr, when set, is the loopback address serving Go's runtime
	// profiles (package profiling); empty, the default, serves none.
	DebugAddr string
	// Console says how people sign in to the web console outside dev mode.
	Console console.Settings
	// TLS is mutual TLS with the services, off by default.
	TLS mtls.Settings
	// ShutdownDrain is how long a stopping gateway answers /readyz with 503
	// while still serving, before it stops listening.
	ShutdownDrain time.Duration
}

// Defaults returns the settings used when nothing is set: the only place
// defaults are written down.
func Defaults() *Settings {
	s := &Settings{
		Process:      config.DefaultProcess("gateway"),
		HTTPAddr:     ":8080",
		BackendAddrs: map[string]string{},
		DevIssuer:    "liaison-dev",
		DevAudience:  "liaison",
		DevTokenTTL:  12 * time.Hour,
		DevKeyFile:   "data/dev-gateway-key.pem",
		Limits:       DefaultLimits(),
		Rates:        ratelimit.Defaults(),
		Console:      console.DefaultSettings(),
	}
	for _, b := range backends {
		s.BackendAddrs[b.name] = b.defaultAddr
	}
	return s
}

// Bind registers one flag per setting on fs.
func (s *Settings) Bind(fs *flag.FlagSet) {
	s.Process.Bind(fs)
	s.BindListenAddr(fs, &s.HTTPAddr, "http-addr", "address the HTTP/JSON API listens on (port 0 picks a free port)")
	for _, b := range backends {
		fs.Var(backendAddr{addrs: s.BackendAddrs, name: b.name}, b.name+"-addr", "gRPC address of the "+b.name+" service")
	}
	fs.StringVar(&s.DevIssuer, "dev-issuer", s.DevIssuer, "iss claim of dev tokens")
	fs.StringVar(&s.DevAudience, "dev-audience", s.DevAudience, "aud claim of dev tokens")
	fs.DurationVar(&s.DevTokenTTL, "dev-token-ttl", s.DevTokenTTL, "lifetime of dev tokens")
	fs.StringVar(&s.DevKeyFile, "dev-key-file", s.DevKeyFile, "PEM file of the ECDSA P-256 key that signs dev tokens; created (0600) if missing")
	s.Limits.Bind(fs)
	s.Rates.Bind(fs)
	s.Console.Bind(fs)
	s.TLS.Bind(fs)
	fs.DurationVar(&s.ShutdownDrain, "shutdown-drain", s.ShutdownDrain, "on shutdown, how long /readyz answers 503 while requests are still served, before the listener closes")
	fs.StringVar(&s.DebugAddr, "debug-addr", s.DebugAddr, "loopback address (such as 127.0.0.1:6060) serving Go's runtime profiles under /debug/pprof/; empty: none")
}

// Validate names every setting that cannot work, so the gateway fails at
// start rather than on the first request.
func (s *Settings) Validate() error {
	errs := []error{s.Process.Validate(), config.CheckHostPort("http-addr", s.HTTPAddr), s.Limits.Validate(), s.Rates.Validate(), s.Console.Check(), s.TLS.Check()}
	if s.ShutdownDrain < 0 {
		errs = append(errs, fmt.Errorf("--shutdown-drain must not be negative, got %s", s.ShutdownDrain))
	}
	for _, b := range backends {
		errs = append(errs, config.CheckHostPort(b.name+"-addr", s.BackendAddrs[b.name]))
	}
	if s.DebugAddr != "" {
		errs = append(errs, profiling.CheckAddr("debug-addr", s.DebugAddr))
	}
	if s.Dev {
		errs = append(errs, config.CheckPositive("dev-token-ttl", s.DevTokenTTL))
		if s.DevKeyFile == "" {
			errs = append(errs, errors.New("--dev-key-file is required with --dev"))
		}
		if s.DevIssuer == "" || s.DevAudience == "" {
			errs = append(errs, fmt.Errorf("--dev-issuer and --dev-audience are required with --dev"))
		}
	}
	return errors.Join(errs...)
}

// backendAddr is the flag of one backend's address in BackendAddrs.
type backendAddr struct {
	addrs map[string]string
	name  string
}

func (b backendAddr) String() string { return b.addrs[b.name] } // a nil map reads as ""

func (b backendAddr) Set(v string) error {
	b.addrs[b.name] = v
	return nil
}
