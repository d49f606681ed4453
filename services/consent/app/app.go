// Package app wires the consent service into a runnable binary: its
// settings, and the serve and migrate commands.
package app

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/dial"
	"github.com/liaisonhq/liaison/platform/sealing"
	"github.com/liaisonhq/liaison/platform/service"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/consent"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/consent/store/migrations"
	"github.com/liaisonhq/liaison/services/linkedin"
	"google.golang.org/grpc"
)

// Settings are the consent service's settings.
type Settings struct {
	config.Common
	// PolicyAddr is the policy service's gRPC address.
	PolicyAddr string
	// AppSettings say where the network is and who we are to it.
	linkedin.AppSettings
	// CallbackURL is the gateway's /v1/linkedin/callback as the browser
	// reaches it.
	CallbackURL string
	// RedirectOrigins are the comma-separated URL prefixes a connection may
	// send the browser back to.
	RedirectOrigins string
	// TokenKeyFile holds the key that encrypts provider tokens at rest
	// (created in dev mode).
	TokenKeyFile string
	// StateTTL is how long a started connection waits for LinkedIn's
	// callback.
	StateTTL time.Duration
}

// Defaults returns the consent service's default settings.
func Defaults() *Settings {
	return &Settings{
		Common:          config.DefaultCommon("consent", ":9102"),
		PolicyAddr:      "localhost:9101",
		AppSettings:     linkedin.DefaultAppSettings(),
		CallbackURL:     "http://localhost:8080/v1/linkedin/callback",
		RedirectOrigins: "http://localhost,http://127.0.0.1",
		TokenKeyFile:    "data/consent-token.key",
		StateTTL:        10 * time.Minute,
	}
}

// Bind registers the settings as flags.
func (s *Settings) Bind(fs *flag.FlagSet) {
	s.Common.Bind(fs)
	fs.StringVar(&s.PolicyAddr, "policy-addr", s.PolicyAddr, "policy service gRPC address")
	s.AppSettings.Bind(fs)
	fs.StringVar(&s.CallbackURL, "callback-url", s.CallbackURL, "the gateway's /v1/linkedin/callback URL, registered with LinkedIn")
	fs.StringVar(&s.RedirectOrigins, "redirect-origins", s.RedirectOrigins, "comma-separated URL prefixes a connection may return the browser to")
	fs.StringVar(&s.TokenKeyFile, "token-key-file", s.TokenKeyFile, "file holding the base64 AES-256 key that encrypts provider tokens (created in dev mode)")
	fs.DurationVar(&s.StateTTL, "state-ttl", s.StateTTL, "how long a started connection waits for LinkedIn's callback")
}

// completeConnection is called from the browser's return from LinkedIn,
// with no token: its single-use state is the credential.
const completeConnection = "/liaison.consent.v1.ConsentService/CompleteConnection"

// Service is the consent service.
var Service = service.Definition[*Settings, *store.SQL]{
	Name:            "consent",
	Help:            "serve the ConsentService gRPC API",
	Defaults:        Defaults,
	Access:          consent.AccessRules(),
	Rules:           consent.Rules(),
	Unauthenticated: []string{completeConnection},
	Migrations:      migrations.FS,
	Open: func(ctx context.Context, s *Settings) (*store.SQL, error) {
		return store.Open(ctx, s.DatabaseURL, s.AutoMigrate)
	},
	Build: build,
}

// build wires the service: its sealing key, LinkedIn, and its client of
// the policy service, which it calls as itself.
func build(_ context.Context, s *Settings, logger *slog.Logger, srv *grpc.Server) (func(context.Context, *store.SQL, service.Runtime) error, io.Closer, error) {
	key, err := sealing.LoadOrCreateKeyFile(s.TokenKeyFile, s.Dev)
	if err != nil {
		return nil, nil, err
	}
	sealer, err := sealing.New(key)
	if err != nil {
		return nil, nil, err
	}
	network, err := s.AppSettings.Client(s.Dev)
	if err != nil {
		return nil, nil, err
	}
	policyConn, err := dial.Service(s.PolicyAddr, "policy", &s.Common)
	if err != nil {
		return nil, nil, err
	}
	svc := consent.New(consent.Options{
		Provider: network, Sealer: sealer, Policy: policyv1.NewPolicyServiceClient(policyConn),
		CallbackURL: s.CallbackURL, RedirectOrigins: splitList(s.RedirectOrigins), StateTTL: s.StateTTL, Logger: logger,
	})
	consentv1.RegisterConsentServiceServer(srv, svc)
	return func(ctx context.Context, st *store.SQL, rt service.Runtime) error {
		return svc.Start(ctx, st, rt.Changelog)
	}, policyConn, nil
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
