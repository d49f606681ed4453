// Package contactsynctest runs the contact-sync service in a test process,
// from its one definition (app.Service), for its own tests and for the
// tests of the services that call it.
package contactsynctest

import (
	"path/filepath"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/service/servicetest"
	"github.com/liaisonhq/liaison/services/contactsync/app"
)

// serviceName is the name contact-sync calls policy and consent as.
const serviceName = "contact-sync"

// Settings are contact-sync's settings for a test: a new SQLite database
// in t's temporary folder, policy at policyAddr, consent at consentAddr and
// LinkedIn's API (the simulator) at linkedinURL, trusting the tokens trust
// describes. Its service key is PublishServiceKey's.
func Settings(t testing.TB, trust auth.Config, policyAddr, consentAddr, linkedinURL string) *app.Settings {
	t.Helper()
	s := app.Defaults()
	s.DatabaseURL = "sqlite:" + filepath.Join(t.TempDir(), "contact-sync.db")
	s.Auth = serviceAuth(trust)
	PublishServiceKey(t, trust)
	s.PolicyAddr, s.ConsentAddr, s.LinkedInAPIURL = policyAddr, consentAddr, linkedinURL
	return s
}

// PublishServiceKey makes contact-sync's service key, unless made already,
// and publishes its public half in trust's trusted keys folder. Call it
// before starting the services contact-sync calls (policy, consent), as a
// deployment publishes every key before starting anything: a verifier
// reads a key published after it started only on a miss, at most once a
// second, so a second service new to it within that second is refused.
//
// The key lives beside the trusted keys folder, where authtest.Issuer's
// ServiceKey("contact-sync") keeps it, so the two are the same key.
func PublishServiceKey(t testing.TB, trust auth.Config) {
	t.Helper()
	if trust.TrustedServiceKeys == "" {
		t.Fatal("contactsynctest: the trust settings name no trusted service keys folder")
	}
	if _, err := auth.ServiceKey(serviceAuth(trust), true); err != nil {
		t.Fatal(err)
	}
}

// serviceAuth is trust as contact-sync's own auth settings.
func serviceAuth(trust auth.Config) auth.Config {
	cfg := trust
	cfg.ServiceName = serviceName
	cfg.ServiceKeyFile = filepath.Join(filepath.Dir(trust.TrustedServiceKeys), serviceName+"-service-key.pem")
	return cfg
}

// Start runs the contact-sync service with settings s until the test ends
// (or Stop); started again with the same settings, it goes on from the same
// database.
func Start(t testing.TB, s *app.Settings) *servicetest.Running {
	t.Helper()
	return servicetest.Start(t, app.Service, s)
}
