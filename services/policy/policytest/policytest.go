// Package policytest runs the policy service in a test process, from its
// one definition (app.Service), for its own tests and for the tests of
// the services that call it.
package policytest

import (
	"path/filepath"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/service/servicetest"
	"github.com/liaisonhq/liaison/services/policy/app"
)

// Settings are policy's settings for a test: a new SQLite database and
// service key pair in t's temporary folder (policy calls contact-sync as
// itself when told its address), trusting the tokens trust describes.
func Settings(t testing.TB, trust auth.Config) *app.Settings {
	t.Helper()
	dir := t.TempDir()
	s := app.Defaults()
	s.DatabaseURL = "sqlite:" + filepath.Join(dir, "policy.db")
	s.Auth = trust
	s.Auth.ServiceName = "policy"
	s.Auth.ServiceKeyFile = filepath.Join(dir, "policy-service-key.pem")
	if _, err := auth.ServiceKey(s.Auth, true); err != nil {
		t.Fatal(err)
	}
	return s
}

// Start loads the demo data (unless present) into the database of s, then
// runs the policy service over it until the test ends.
func Start(t testing.TB, s *app.Settings) *servicetest.Running {
	t.Helper()
	if err := app.SeedDemo(t.Context(), s, servicetest.Logger()); err != nil {
		t.Fatalf("policy demo data: %v", err)
	}
	return servicetest.Start(t, app.Service, s)
}
