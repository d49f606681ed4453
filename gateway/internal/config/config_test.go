package config

import (
	"errors"
	"flag"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestDefaults(t *testing.T) {
	cfg, err := Parse("test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg != Default() {
		t.Errorf("Parse(nil) = %+v, want the defaults %+v", cfg, Default())
	}
}

func TestEnvironmentAndFlags(t *testing.T) {
	t.Setenv("LIAISON_HTTP_ADDR", ":9999")
	t.Setenv("LIAISON_POLICY_ADDR", "policy:1")
	t.Setenv("LIAISON_CONSENT_ADDR", "consent:1")
	t.Setenv("LIAISON_DEV_TOKEN_TTL", "1h")
	t.Setenv("LIAISON_LOG_LEVEL", "debug")

	cfg, err := Parse("test", []string{"--policy-addr=policy:2", "--dev"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTPAddr != ":9999" || cfg.ConsentAddr != "consent:1" || cfg.DevTokenTTL != time.Hour || cfg.LogLevel != slog.LevelDebug {
		t.Errorf("environment not applied: %+v", cfg)
	}
	if cfg.PolicyAddr != "policy:2" {
		t.Errorf("policy-addr = %q, want the flag to win over the environment", cfg.PolicyAddr)
	}
	if !cfg.Dev {
		t.Error("--dev not applied")
	}
}

func TestInvalidSettings(t *testing.T) {
	for _, args := range [][]string{
		{"--otlp-endpoint=localhost:4317"}, // no scheme: TLS or not is unclear
		{"--dev", "--dev-token-ttl=0s"},
		{"--policy-addr="},
		{"--consent-addr="},
		{"stray"},
	} {
		if _, err := Parse("test", args); err == nil {
			t.Errorf("Parse(%q) accepted", args)
		}
	}
}

func TestUsageListsEverySettingWithItsEnvVar(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	var out strings.Builder
	fs.SetOutput(&out)
	cfg := Default()
	cfg.Bind(fs)
	PrintUsage(fs)
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(out.String(), "--"+f.Name) || !strings.Contains(out.String(), EnvVar(f.Name)) {
			t.Errorf("usage lacks %s / %s", f.Name, EnvVar(f.Name))
		}
	})
	if EnvVar("http-addr") != "LIAISON_HTTP_ADDR" {
		t.Errorf("EnvVar(http-addr) = %s", EnvVar("http-addr"))
	}
}

func TestHelp(t *testing.T) {
	// Parse prints usage to stderr for --help; that is the point of it.
	_, err := Parse("test", []string{"--help"})
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("--help: %v, want flag.ErrHelp", err)
	}
}
