package config_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/config"
)

func TestDefaultsAreValid(t *testing.T) {
	c := config.DefaultCommon("policy", ":9101")
	if err := c.Validate(); err != nil {
		t.Errorf("defaults refused: %v", err)
	}
}

// Each bad setting is refused at start-up with a message naming its flag.
func TestBadSettingsAreRefusedNamingTheFlag(t *testing.T) {
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"--log-level=loud"}, "--log-level"},
		{[]string{"--shutdown-grace=-1s"}, "--shutdown-grace"},
		{[]string{"--otlp-endpoint=http://localhost:4317"}, "--otlp-endpoint"},
		{[]string{"--trace-sample-ratio=2"}, "--trace-sample-ratio"},
		{[]string{"--grpc-addr=9101"}, "--grpc-addr"},
		{[]string{"--database-url=mysql://db"}, "--database-url"},
		{[]string{"--auth-audience="}, "--auth-audience"},
		{[]string{"--auth-jwks-url=keys.example"}, "--auth-jwks-url"},
	} {
		s := config.DefaultCommon("policy", ":9101")
		if err := config.Parse("test", &s, c.args, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), c.flag) {
			t.Errorf("%v: %v, want an error naming %s", c.args, err, c.flag)
		}
	}
}

func TestStrayArgumentsAreRefused(t *testing.T) {
	s := config.DefaultCommon("policy", ":9101")
	if err := config.Parse("test", &s, []string{"stray"}, &bytes.Buffer{}); err == nil {
		t.Error("stray argument accepted")
	}
}
