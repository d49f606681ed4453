package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/liaisonhq/liaison/platform/telemetry"
)

// Process holds the settings every Liaison binary has, whatever it serves:
// the services embed it through Common, the gateway and the simulator
// directly. It is what cli.Main needs to start a command.
type Process struct {
	// Dev turns on development conveniences: dev identities and keys are
	// trusted, minted or created, and listen addresses that were not given
	// bind loopback only. Never on in production.
	Dev bool
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// ShutdownGrace is how long in-flight calls may finish on shutdown.
	ShutdownGrace time.Duration
	// ReadyFile, when set, receives the bound address once serving: test
	// harnesses and the dev stack wait on it.
	ReadyFile string
	// Telemetry configures OpenTelemetry export.
	Telemetry telemetry.Config

	// listenAddrs are the addresses BindListenAddr registered, which move to
	// loopback under --dev when not given.
	listenAddrs []listenAddr
}

// DefaultProcess returns the defaults of the binary liaison-NAME.
func DefaultProcess(name string) Process {
	return Process{
		LogLevel:      "info",
		ShutdownGrace: 10 * time.Second,
		Telemetry:     telemetry.Config{ServiceName: "liaison-" + name, SampleRatio: 1},
	}
}

// ProcessSettings hands out the settings every binary shares; a settings
// struct that embeds Process (or Common) has it too.
func (p *Process) ProcessSettings() *Process { return p }

// Bind registers the settings as flags.
func (p *Process) Bind(fs *flag.FlagSet) {
	fs.BoolVar(&p.Dev, "dev", p.Dev, "development mode, never in production: dev identities and keys are trusted or created, and listen addresses not given bind loopback only")
	fs.StringVar(&p.LogLevel, "log-level", p.LogLevel, "log level: debug, info, warn or error")
	fs.DurationVar(&p.ShutdownGrace, "shutdown-grace", p.ShutdownGrace, "time in-flight calls get to finish on shutdown")
	fs.StringVar(&p.ReadyFile, "ready-file", p.ReadyFile, "write the bound address to this file once serving")
	p.Telemetry.Bind(fs)
}

// Validate refuses settings the binary cannot start with, naming the flag.
func (p *Process) Validate() error {
	var errs []error
	var level slog.Level
	if err := level.UnmarshalText([]byte(p.LogLevel)); err != nil {
		errs = append(errs, fmt.Errorf("--log-level %q: want debug, info, warn or error", p.LogLevel))
	}
	if p.ShutdownGrace < 0 {
		errs = append(errs, fmt.Errorf("--shutdown-grace must not be negative, got %s", p.ShutdownGrace))
	}
	return errors.Join(append(errs, p.Telemetry.Validate())...)
}
