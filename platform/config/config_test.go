package config_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/config"
)

func TestFlagsBeatEnvironmentBeatsDefaults(t *testing.T) {
	t.Setenv("LIAISON_GRPC_ADDR", ":7000")
	t.Setenv("LIAISON_SHUTDOWN_GRACE", "3s")
	t.Setenv("LIAISON_LOG_LEVEL", "debug")
	c := config.DefaultCommon("policy", ":9101")
	if err := config.Parse("test", &c, []string{"--log-level=warn"}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if c.GRPCAddr != ":7000" || c.ShutdownGrace != 3*time.Second {
		t.Errorf("environment not applied: %+v", c)
	}
	if c.LogLevel != "warn" {
		t.Errorf("flag did not win over the environment: %q", c.LogLevel)
	}
	if c.DatabaseURL != "sqlite:data/policy.db" || c.Auth.Audience != "liaison" {
		t.Errorf("defaults lost: %q %q", c.DatabaseURL, c.Auth.Audience)
	}
}

func TestHelpListsEverySettingWithItsVariable(t *testing.T) {
	c := config.DefaultCommon("policy", ":9101")
	var out bytes.Buffer
	_ = config.Parse("liaison-policy serve", &c, []string{"--help"}, &out)
	for _, want := range []string{"--grpc-addr", "LIAISON_GRPC_ADDR", "--database-url", "LIAISON_DATABASE_URL", "--auth-jwks-url", "LIAISON_OTLP_ENDPOINT", `default ":9101"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q:\n%s", want, out.String())
		}
	}
}

func TestUnknownFlagIsAnError(t *testing.T) {
	c := config.DefaultCommon("policy", ":9101")
	if err := config.Parse("test", &c, []string{"--no-such-flag"}, &bytes.Buffer{}); err == nil {
		t.Fatal("unknown flag accepted")
	}
}
