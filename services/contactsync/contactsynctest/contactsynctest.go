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
	s.Auth = servicetest.ServiceAuth(trust, serviceName)
	PublishServiceKey(t, trust)
	s.PolicyAddr, s.ConsentAddr, s.LinkedInAPIURL = policyAddr, consentAddr, linkedinURL
	return s
}

// PublishServiceKey publishes contact-sync's service key (see
// servicetest.PublishServiceKey): call it before starting policy and
// consent.
func PublishServiceKey(t testing.TB, trust auth.Config) {
	t.Helper()
	servicetest.PublishServiceKey(t, trust, serviceName)
}

// Start runs the contact-sync service with settings s until the test ends
// (or Stop); started again with the same settings, it goes on from the same
// database.
func Start(t testing.TB, s *app.Settings) *servicetest.Running {
	t.Helper()
	return servicetest.Start(t, app.Service, s)
}
