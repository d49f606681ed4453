package server

import (
	"bytes"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/config"
)

func parse(t *testing.T, args ...string) *Settings {
	t.Helper()
	s := Defaults()
	if err := config.Parse("liaison-gateway serve", s, args, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEveryBackendHasAnAddressFlag(t *testing.T) {
	t.Setenv("LIAISON_CONSENT_ADDR", "consent:1")
	s := parse(t, "--policy-addr=policy:2")
	if s.BackendAddrs["policy"] != "policy:2" || s.BackendAddrs["consent"] != "consent:1" {
		t.Errorf("backend addresses %v", s.BackendAddrs)
	}
	var help bytes.Buffer
	_ = config.Parse("liaison-gateway serve", Defaults(), []string{"--help"}, &help)
	for _, b := range backends {
		if want := `--` + b.name + `-addr  (` + config.EnvName(b.name+"-addr") + `)`; !strings.Contains(help.String(), want) {
			t.Errorf("--help lacks %s", want)
		}
	}
}

// With --dev anyone who reaches the port can mint an Operator token.
func TestDevListensOnLoopbackUnlessTold(t *testing.T) {
	if got := parse(t).HTTPAddr; got != ":8080" {
		t.Errorf("production: %q", got)
	}
	if got := parse(t, "--dev").HTTPAddr; got != "127.0.0.1:8080" {
		t.Errorf("dev: %q, want loopback", got)
	}
	if got := parse(t, "--dev", "--http-addr=:8080").HTTPAddr; got != ":8080" {
		t.Errorf("dev with an address: %q", got)
	}
}

func TestBadSettingsAreRefusedNamingTheFlag(t *testing.T) {
	if err := parse(t, "--dev").Validate(); err != nil {
		t.Fatalf("dev defaults refused: %v", err)
	}
	for flag, args := range map[string][]string{
		"--otlp-endpoint":            {"--otlp-endpoint=http://localhost:4317"}, // the services' host:port form
		"--trace-sample-ratio":       {"--trace-sample-ratio=1.5"},
		"--policy-addr":              {"--policy-addr="},
		"--consent-addr":             {"--consent-addr=consent"},
		"--dev-token-ttl":            {"--dev", "--dev-token-ttl=0s"},
		"--max-body-bytes":           {"--max-body-bytes=0"},
		"--http-read-timeout":        {"--http-read-timeout=0s"},
		"--http-read-header-timeout": {"--http-read-header-timeout=1m", "--http-read-timeout=10s"},
		"--backend-timeout":          {"--backend-timeout=2m", "--http-write-timeout=2m"},
		"--max-header-bytes":         {"--max-header-bytes=10"},
		"--max-connections":          {"--max-connections=0"},
		"--rate-per-caller":          {"--rate-per-caller=-1"},
		"--rate-burst-per-address":   {"--rate-burst-per-address=0"},
		"--log-level":                {"--log-level=chatty"},
		"--debug-addr":               {"--debug-addr=:6060"}, // every interface
	} {
		if err := parse(t, args...).Validate(); err == nil || !strings.Contains(err.Error(), flag) {
			t.Errorf("%v: %v, want an error naming %s", args, err, flag)
		}
	}
}
