package config

import (
	"flag"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/telemetry"
)

// Common holds the settings every Liaison service has. A service embeds it in
// its own settings struct and fills the defaults that differ (its port, its
// database file) in its Default function.
type Common struct {
	// GRPCAddr is where the gRPC server listens.
	GRPCAddr string
	// DatabaseURL selects the store: "sqlite:PATH" (embedded, the default) or
	// "postgres://..." (PostgreSQL through pgx).
	DatabaseURL string
	// AutoMigrate applies pending migrations when serving starts.
	AutoMigrate bool
	// Dev turns on development conveniences: trusting the gateway's dev token
	// key and generating a service key. Never on in production.
	Dev bool
	// ShutdownDrain is how long a stopping service, already NOT_SERVING,
	// goes on answering before it stops taking calls.
	ShutdownDrain time.Duration
	// ShutdownGrace is how long in-flight calls may finish on shutdown.
	ShutdownGrace time.Duration
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// ReadyFile, when set, receives the bound gRPC address once serving: test
	// harnesses and the dev stack wait on it.
	ReadyFile string
	// Auth configures token validation and the service's own identity.
	Auth auth.Config
	// Telemetry configures OpenTelemetry export.
	Telemetry telemetry.Config
}

// DefaultCommon returns the defaults shared by all services.
func DefaultCommon(service, grpcAddr string) Common {
	return Common{
		GRPCAddr:      grpcAddr,
		DatabaseURL:   "sqlite:data/" + service + ".db",
		AutoMigrate:   true,
		ShutdownDrain: 5 * time.Second,
		ShutdownGrace: 10 * time.Second,
		LogLevel:      "info",
		Auth:          auth.DefaultConfig(service),
		Telemetry:     telemetry.Config{ServiceName: "liaison-" + service, SampleRatio: 1},
	}
}

// Bind registers the common settings as flags.
func (c *Common) Bind(fs *flag.FlagSet) {
	fs.StringVar(&c.GRPCAddr, "grpc-addr", c.GRPCAddr, "gRPC listen address")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, `store: "sqlite:PATH" (embedded) or "postgres://user:pass@host/db"`)
	fs.BoolVar(&c.AutoMigrate, "auto-migrate", c.AutoMigrate, "apply pending database migrations when serve starts")
	fs.BoolVar(&c.Dev, "dev", c.Dev, "development mode: trust the gateway's dev tokens (never in production)")
	fs.DurationVar(&c.ShutdownDrain, "shutdown-drain", c.ShutdownDrain, "on shutdown, how long health says NOT_SERVING while calls are still answered, before the listener closes")
	fs.DurationVar(&c.ShutdownGrace, "shutdown-grace", c.ShutdownGrace, "time in-flight calls get to finish on shutdown")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn or error")
	fs.StringVar(&c.ReadyFile, "ready-file", c.ReadyFile, "write the bound gRPC address to this file once serving")
	c.Auth.Bind(fs)
	c.Telemetry.Bind(fs)
}
