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
// temporary folder, trusting the tokens auth describes.
func Settings(t testing.TB, auth auth.Config) *app.Settings {
	s := app.Defaults()
	s.DatabaseURL = "sqlite:" + filepath.Join(t.TempDir(), "policy.db")
	s.Auth = auth
	s.Auth.ServiceName = "policy"
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
