package config

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/mtls"
)

// Common holds the settings every Liaison service has. A service embeds it in
// its own settings struct and fills the defaults that differ (its port, its
// database file) in its Default function.
type Common struct {
	// Process holds what every binary has: dev mode, logging, shutdown,
	// ready file, telemetry.
	Process
	// GRPCAddr is where the gRPC server listens.
	GRPCAddr string
	// DatabaseURL selects the store: "sqlite:PATH" (embedded, the default) or
	// "postgres://..." (PostgreSQL through pgx).
	DatabaseURL string
	// AutoMigrate applies pending migrations when serving starts.
	AutoMigrate bool
	// ShutdownDrain is how long a stopping service, already NOT_SERVING,
	// goes on answering before it stops taking calls.
	ShutdownDrain time.Duration
	// Auth configures token validation and the service's own identity.
	Auth auth.Config
	// ChangelogRetention is how long change-log entries are kept; a Watch
	// from further back must start over.
	ChangelogRetention time.Duration
	// Stateless marks a service that keeps nothing on disk (profile-card):
	// it has no database settings.
	Stateless bool
	// TLS is mutual TLS with the other processes, off by default.
	TLS mtls.Settings
	// HealthAddr, when set, serves gRPC health alone in plaintext, for
	// probes that cannot present a client certificate under mutual TLS.
	HealthAddr string
}

// Changelog are the change log's options these settings make.
func (c *Common) Changelog() changelog.Options {
	return changelog.Options{Retention: c.ChangelogRetention}
}

// DefaultCommon returns the defaults shared by all services.
func DefaultCommon(service, grpcAddr string) Common {
	return Common{
		Process:       DefaultProcess(service),
		GRPCAddr:      grpcAddr,
		DatabaseURL:   "sqlite:data/" + service + ".db",
		AutoMigrate:   true,
		ShutdownDrain: 5 * time.Second,
		Auth:          auth.DefaultConfig(service),

		ChangelogRetention: changelog.DefaultRetention,
	}
}

// DefaultStatelessCommon returns the defaults of a service without a
// database.
func DefaultStatelessCommon(service, grpcAddr string) Common {
	c := DefaultCommon(service, grpcAddr)
	c.DatabaseURL, c.AutoMigrate, c.Stateless = "", false, true
	return c
}

// Bind registers the common settings as flags.
func (c *Common) Bind(fs *flag.FlagSet) {
	c.Process.Bind(fs)
	c.BindListenAddr(fs, &c.GRPCAddr, "grpc-addr", "gRPC listen address")
	fs.DurationVar(&c.ShutdownDrain, "shutdown-drain", c.ShutdownDrain, "on shutdown, how long health says NOT_SERVING while calls are still answered, before the listener closes")
	c.Auth.Bind(fs)
	c.TLS.Bind(fs)
	fs.StringVar(&c.HealthAddr, "health-addr", c.HealthAddr, "plaintext address serving gRPC health alone, for probes that cannot present a client certificate under mutual TLS; empty: none")
	if c.Stateless {
		return
	}
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, `store: "sqlite:PATH" (embedded) or "postgres://user:pass@host/db"`)
	fs.BoolVar(&c.AutoMigrate, "auto-migrate", c.AutoMigrate, "apply pending database migrations when serve starts")
	fs.DurationVar(&c.ChangelogRetention, "changelog-retention", c.ChangelogRetention, "how long change-log entries are kept for Watch; a watcher further behind must start over")
}

// Validate refuses settings a service cannot start with, naming the flag.
func (c *Common) Validate() error {
	errs := []error{c.Process.Validate()}
	errs = append(errs, CheckHostPort("grpc-addr", c.GRPCAddr), CheckPositive("changelog-retention", c.ChangelogRetention), c.TLS.Check())
	if c.HealthAddr != "" {
		errs = append(errs, CheckHostPort("health-addr", c.HealthAddr))
	}
	if !c.Stateless && !strings.HasPrefix(c.DatabaseURL, "sqlite:") && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, fmt.Errorf(`--database-url %q: want "sqlite:PATH" or "postgres://..."`, c.DatabaseURL))
	}
	return errors.Join(append(errs, c.validateAuth()...)...)
}

// validateAuth checks the claims every token must carry and the key
// sources. Having no user-token key at all matters only to serve, which
// refuses it when it builds the verifier, so migrate runs without one.
func (c *Common) validateAuth() []error {
	var errs []error
	if c.Auth.Issuer == "" {
		errs = append(errs, errors.New("--auth-issuer is required"))
	}
	if c.Auth.Audience == "" {
		errs = append(errs, errors.New("--auth-audience is required"))
	}
	if c.Auth.ServiceKeyFile == "" {
		errs = append(errs, errors.New("--service-key-file is required"))
	}
	if c.Auth.JWKSURL != "" {
		errs = append(errs, CheckHTTPURL("auth-jwks-url", c.Auth.JWKSURL))
	}
	return errs
}
