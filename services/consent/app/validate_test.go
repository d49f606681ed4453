package app

import (
	"strings"
	"testing"
)

func TestDefaultSettingsAreValidInDevMode(t *testing.T) {
	s := Defaults()
	s.Dev = true
	if err := s.Validate(); err != nil {
		t.Errorf("dev defaults refused: %v", err)
	}
}

func TestBadSettingsAreRefusedNamingTheFlag(t *testing.T) {
	for flag, spoil := range map[string]func(*Settings){
		"--policy-addr":        func(s *Settings) { s.PolicyAddr = "policy" },
		"--linkedin-url":       func(s *Settings) { s.LinkedInURL = "localhost:8090" },
		"--callback-url":       func(s *Settings) { s.CallbackURL = "/v1/linkedin/callback" },
		"--linkedin-timeout":   func(s *Settings) { s.LinkedInTimeout = 0 },
		"--state-ttl":          func(s *Settings) { s.StateTTL = -1 },
		"--linkedin-client-id": func(s *Settings) { s.LinkedInClientID = "" },
		"--token-key-file":     func(s *Settings) { s.TokenKeyFile = "" },
		"--redirect-origins":   func(s *Settings) { s.RedirectOrigins = "localhost" },
		"--grpc-addr":          func(s *Settings) { s.GRPCAddr = "" },
	} {
		s := Defaults()
		s.Dev = true
		spoil(s)
		if err := s.Validate(); err == nil || !strings.Contains(err.Error(), flag) {
			t.Errorf("%s: %v", flag, err)
		}
	}
}
