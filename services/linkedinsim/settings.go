package linkedinsim

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/liaisonhq/liaison/platform/config"
)

// Settings are the simulator's settings, bound to flags and LIAISON_*
// environment variables by the binary. Defaults live in Defaults only.
type Settings struct {
	// Process holds what every Liaison binary has: dev mode, logging,
	// shutdown grace, the ready file (tests start the binary with
	// --http-addr=127.0.0.1:0 and read the port there) and telemetry.
	config.Process
	// HTTPAddr is where the HTTP server listens.
	HTTPAddr string
	// Seed loads the deterministic demo network at start (and after a reset).
	Seed bool
	// AutoApprove skips the consent page when login_hint names a member, so
	// tests and curl walk-throughs need no browser.
	AutoApprove bool
	// TokenTTL is how long an access token lives.
	TokenTTL time.Duration
	// RefreshTTL is how long a refresh token lives; refreshing does not extend
	// it (as on LinkedIn), so a member re-consents at least this often.
	RefreshTTL time.Duration
	// SyncTokenTTL is how long a change-feed token stays usable; an older one
	// gets 410 Gone and the client must resync from scratch.
	SyncTokenTTL time.Duration
	// PageSize is the most entries one change-feed page carries.
	PageSize int
	// RateLimit is the requests per second allowed per access token on the
	// /v2 API; 0 turns rate limiting off.
	RateLimit float64
	// Clients are the registered OAuth clients, "id:secret:redirectPrefix"
	// separated by commas; repeating an id adds a redirect prefix.
	Clients string
}

// DefaultClients registers the development client for both spellings of the
// loopback host, so the gateway's callback works at localhost and 127.0.0.1.
const DefaultClients = "liaison-dev:liaison-dev-secret:http://localhost," +
	"liaison-dev:liaison-dev-secret:http://127.0.0.1"

// Defaults returns the default settings.
func Defaults() *Settings {
	return &Settings{
		Process:      config.DefaultProcess("linkedin-sim"),
		HTTPAddr:     ":8090",
		Seed:         true,
		TokenTTL:     time.Hour,
		RefreshTTL:   30 * 24 * time.Hour,
		SyncTokenTTL: 7 * 24 * time.Hour,
		PageSize:     100,
		Clients:      DefaultClients,
	}
}

// Bind registers the settings as flags.
func (s *Settings) Bind(fs *flag.FlagSet) {
	s.Process.Bind(fs)
	s.BindListenAddr(fs, &s.HTTPAddr, "http-addr", "HTTP listen address")
	fs.BoolVar(&s.Seed, "seed", s.Seed, "load the deterministic demo network (contoso users and people outside the organization)")
	fs.BoolVar(&s.AutoApprove, "auto-approve", s.AutoApprove, "approve authorization requests that carry a known login_hint without showing the consent page (tests only)")
	fs.DurationVar(&s.TokenTTL, "token-ttl", s.TokenTTL, "lifetime of access tokens")
	fs.DurationVar(&s.RefreshTTL, "refresh-ttl", s.RefreshTTL, "lifetime of refresh tokens (not extended by refreshing)")
	fs.DurationVar(&s.SyncTokenTTL, "sync-token-ttl", s.SyncTokenTTL, "lifetime of change-feed sync tokens; older ones get 410 Gone")
	fs.IntVar(&s.PageSize, "page-size", s.PageSize, "most entries in one change-feed page")
	fs.Float64Var(&s.RateLimit, "rate-limit", s.RateLimit, "requests per second per access token on /v2 (0 = unlimited); over it: 429 with Retry-After")
	fs.StringVar(&s.Clients, "clients", s.Clients, `registered OAuth clients: "id:secret:redirectPrefix[,...]"; repeat an id to add a prefix`)
}

// Validate names every setting that cannot work.
func (s *Settings) Validate() error {
	errs := []error{
		s.Process.Validate(),
		config.CheckHostPort("http-addr", s.HTTPAddr),
		config.CheckPositive("token-ttl", s.TokenTTL),
		config.CheckPositive("refresh-ttl", s.RefreshTTL),
		config.CheckPositive("sync-token-ttl", s.SyncTokenTTL),
	}
	if s.PageSize < 1 || s.PageSize > maxPageSize {
		errs = append(errs, fmt.Errorf("--page-size must be between 1 and %d, got %d", maxPageSize, s.PageSize))
	}
	if s.RateLimit < 0 {
		errs = append(errs, fmt.Errorf("--rate-limit must not be negative, got %g", s.RateLimit))
	}
	if _, err := parseClients(s.Clients); err != nil {
		errs = append(errs, fmt.Errorf("--%w", err)) // "--clients: ..."
	}
	return errors.Join(errs...)
}

// maxPageSize keeps one change-feed response to a size a client can hold.
const maxPageSize = 1000
