package app

import (
	"errors"
	"fmt"

	"github.com/liaisonhq/liaison/platform/config"
)

// Validate refuses settings the consent service cannot work with, naming
// the flag, before any command runs. What only serve needs (the LinkedIn
// client secret) serve checks itself, so migrate runs without it.
func (s *Settings) Validate() error {
	errs := []error{
		s.Common.Validate(),
		config.CheckHostPort("policy-addr", s.PolicyAddr),
		config.CheckHTTPURL("linkedin-url", s.LinkedInURL),
		config.CheckHTTPURL("callback-url", s.CallbackURL),
		config.CheckPositive("linkedin-timeout", s.LinkedInTimeout),
		config.CheckPositive("state-ttl", s.StateTTL),
	}
	if s.LinkedInClientID == "" {
		errs = append(errs, errors.New("--linkedin-client-id is required"))
	}
	if s.TokenKeyFile == "" {
		errs = append(errs, errors.New("--token-key-file is required"))
	}
	origins := splitList(s.RedirectOrigins)
	if len(origins) == 0 {
		errs = append(errs, errors.New("--redirect-origins is required: a connection must be able to send the browser back"))
	}
	for _, o := range origins {
		if err := config.CheckHTTPURL("redirect-origins", o); err != nil {
			errs = append(errs, fmt.Errorf("%w (in a comma-separated list)", err))
		}
	}
	return errors.Join(errs...)
}
