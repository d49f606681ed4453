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

// Settings are policy's settings for a test: a new SQLite database in t's
// temporary folder, trusting the tokens trust describes, and a service key
// pair (policy calls contact-sync as itself when told its address) beside
// trust's trusted keys folder, where authtest.Issuer's ServiceKey("policy")
// keeps it, so tests that call as policy sign with the same key.
func Settings(t testing.TB, trust auth.Config) *app.Settings {
	t.Helper()
	s := app.Defaults()
	s.DatabaseURL = "sqlite:" + filepath.Join(t.TempDir(), "policy.db")
	s.Auth = trust
	s.Auth.ServiceName = "policy"
	if trust.TrustedServiceKeys == "" {
		t.Fatal("policytest: the trust settings name no trusted service keys folder")
	}
	s.Auth.ServiceKeyFile = filepath.Join(filepath.Dir(trust.TrustedServiceKeys), "policy-service-key.pem")
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
