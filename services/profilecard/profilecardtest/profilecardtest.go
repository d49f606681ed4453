// Package profilecardtest runs the profile-card service in a test process,
// from its one definition (app.Service), for its own tests and for the
// tests of the services that call it.
package profilecardtest

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/service/servicetest"
	"github.com/liaisonhq/liaison/services/linkedin"
	"github.com/liaisonhq/liaison/services/profilecard/app"
)

// serviceName is the name profile-card calls the other services as.
const serviceName = "profile-card"

// Settings are profile-card's settings for a test: policy at policyAddr,
// consent at consentAddr, the simulator at linkedinURL, no contact-sync
// unless set, trusting the tokens trust describes. Its service key is
// PublishServiceKey's.
func Settings(t testing.TB, trust auth.Config, policyAddr, consentAddr, linkedinURL string) *app.Settings {
	t.Helper()
	s := app.Defaults()
	s.LinkedInClientSecret = linkedin.DevClientSecret // the simulator's development client
	s.Auth = servicetest.ServiceAuth(trust, serviceName)
	PublishServiceKey(t, trust)
	s.PolicyAddr, s.ConsentAddr, s.ContactSyncAddr, s.LinkedInURL = policyAddr, consentAddr, "", linkedinURL
	return s
}

// PublishServiceKey publishes profile-card's service key (see
// servicetest.PublishServiceKey): call it before starting the services it
// calls.
func PublishServiceKey(t testing.TB, trust auth.Config) {
	t.Helper()
	servicetest.PublishServiceKey(t, trust, serviceName)
}

// Start runs the profile-card service with settings s until the test ends
// (or Stop).
func Start(t testing.TB, s *app.Settings) *servicetest.Running {
	t.Helper()
	return servicetest.Start(t, app.Service, s)
}
