// Package consenttest runs the consent service in a test process, from its
// one definition (app.Service), for its own tests and for the tests of the
// services that call it.
package consenttest

import (
	"path/filepath"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/sealing"
	"github.com/liaisonhq/liaison/platform/service/servicetest"
	"github.com/liaisonhq/liaison/services/consent/app"
	"github.com/liaisonhq/liaison/services/linkedin"
)

// Settings are consent's settings for a test: a new SQLite database,
// token key and service key pair in t's temporary folder, the policy
// service at policyAddr, LinkedIn (the simulator, with its dev credentials)
// at linkedinURL, trusting the tokens trust describes. Its public service
// key goes to trust's trusted keys folder, so services of the same test
// accept its calls.
func Settings(t testing.TB, trust auth.Config, policyAddr, linkedinURL string) *app.Settings {
	t.Helper()
	dir := t.TempDir()
	s := app.Defaults()
	s.DatabaseURL = "sqlite:" + filepath.Join(dir, "consent.db")
	s.Auth = trust
	s.Auth.ServiceName = "consent"
	s.Auth.ServiceKeyFile = filepath.Join(dir, "consent-service-key.pem")
	if _, err := auth.ServiceKey(s.Auth, true); err != nil {
		t.Fatal(err)
	}
	s.PolicyAddr, s.LinkedInURL, s.LinkedInClientSecret = policyAddr, linkedinURL, linkedin.DevClientSecret
	s.TokenKeyFile = filepath.Join(dir, "consent-token.key")
	if _, err := sealing.LoadOrCreateKeyFile(s.TokenKeyFile, true); err != nil {
		t.Fatal(err)
	}
	return s
}

// Start runs the consent service with settings s until the test ends.
func Start(t testing.TB, s *app.Settings) *servicetest.Running {
	t.Helper()
	return servicetest.Start(t, app.Service, s)
}
