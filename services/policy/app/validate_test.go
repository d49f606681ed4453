package app

import (
	"strings"
	"testing"
)

// The policy service has only the common settings; their Validate is its.
func TestSettingsAreValidated(t *testing.T) {
	s := Defaults()
	if err := s.Validate(); err != nil {
		t.Errorf("defaults refused: %v", err)
	}
	s.DatabaseURL = "policy.db"
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "--database-url") {
		t.Errorf("bad database URL: %v", err)
	}
}
