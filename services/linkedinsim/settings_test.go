package linkedinsim

import (
	"strings"
	"testing"
)

func TestBadSettingsAreRefusedNamingTheFlag(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Fatalf("defaults refused: %v", err)
	}
	for flag, spoil := range map[string]func(*Settings){
		"--http-addr":      func(s *Settings) { s.HTTPAddr = "8090" },
		"--token-ttl":      func(s *Settings) { s.TokenTTL = 0 },
		"--page-size":      func(s *Settings) { s.PageSize = 0 },
		"--rate-limit":     func(s *Settings) { s.RateLimit = -1 },
		"--clients":        func(s *Settings) { s.Clients = "nonsense" },
		"--shutdown-grace": func(s *Settings) { s.ShutdownGrace = -1 },
	} {
		s := Defaults()
		spoil(s)
		if err := s.Validate(); err == nil || !strings.Contains(err.Error(), flag) {
			t.Errorf("%s: %v", flag, err)
		}
	}
}
