package config

import (
	"fmt"
	"net"
	"net/url"
	"time"
)

// The checks settings' Validate methods share. Each error names the flag,
// so the message says what to change.

// CheckHostPort refuses an address that is not host:port (host may be
// empty: every interface).
func CheckHostPort(flag, value string) error {
	if _, _, err := net.SplitHostPort(value); err != nil {
		return fmt.Errorf("--%s %q: want host:port, such as localhost:9101", flag, value)
	}
	return nil
}

// CheckHTTPURL refuses a value that is not an absolute http or https URL.
func CheckHTTPURL(flag, value string) error {
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--%s %q: want an absolute http(s) URL", flag, value)
	}
	return nil
}

// CheckPositive refuses a duration that is zero or negative.
func CheckPositive(flag string, value time.Duration) error {
	if value <= 0 {
		return fmt.Errorf("--%s must be positive, got %s", flag, value)
	}
	return nil
}
