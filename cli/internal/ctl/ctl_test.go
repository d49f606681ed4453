package ctl

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestEveryCommandHasHelpWithExamples: each command people run says what
// it does and shows how.
func TestEveryCommandHasHelpWithExamples(t *testing.T) {
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Short == "" {
			t.Errorf("%s has no short help", c.CommandPath())
		}
		if c.Runnable() && c.Name() != "help" && c.Name() != "logout" && !strings.HasPrefix(c.CommandPath(), "liaisonctl completion") && c.Example == "" {
			t.Errorf("%s has no example", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	root := newRoot(newSession(nil, &bytes.Buffer{}, &bytes.Buffer{}))
	root.InitDefaultCompletionCmd()
	walk(root)
}

func TestCompletionScripts(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		var out, errOut bytes.Buffer
		code := Main(t.Context(), []string{"completion", shell, "--config", filepath.Join(t.TempDir(), "none.yaml")}, nil, &out, &errOut)
		if code != 0 || !strings.Contains(out.String(), "liaisonctl") {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %s", shell, code, out.Len(), errOut.String())
		}
	}
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{errors.New("broken"), ExitFailure},
		{usageErrorf("bad flag"), ExitUsage},
		{status.Error(codes.InvalidArgument, "x"), ExitInvalid},
		{status.Error(codes.OutOfRange, "x"), ExitInvalid},
		{status.Error(codes.NotFound, "x"), ExitNotFound},
		{status.Error(codes.AlreadyExists, "x"), ExitConflict},
		{status.Error(codes.Aborted, "x"), ExitConflict},
		{status.Error(codes.FailedPrecondition, "x"), ExitConflict},
		{status.Error(codes.Unauthenticated, "x"), ExitUnauthorized},
		{status.Error(codes.PermissionDenied, "x"), ExitUnauthorized},
		{status.Error(codes.Unavailable, "x"), ExitUnavailable},
		{status.Error(codes.DeadlineExceeded, "x"), ExitUnavailable},
		{status.Error(codes.ResourceExhausted, "x"), ExitUnavailable},
		{context.DeadlineExceeded, ExitUnavailable},
		{&exitError{ExitChanges}, ExitChanges},
		{status.Error(codes.Internal, "x"), ExitFailure},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
	if codeName(codes.FailedPrecondition) != "FAILED_PRECONDITION" || codeName(codes.NotFound) != "NOT_FOUND" {
		t.Errorf("codeName: %s %s", codeName(codes.FailedPrecondition), codeName(codes.NotFound))
	}
}

// TestSettingsPrecedence: the file, then LIAISON_* variables, then flags.
func TestSettingsPrecedence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := saveSettings(path, Settings{Policy: "file:1", Consent: "file:2", Tenant: "file", Credentials: Credentials{Token: "from-file"}}); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("config file mode %v (%v), want 0600", info.Mode().Perm(), err)
	}
	t.Setenv("LIAISON_CONSENT_ADDR", "env:2")
	t.Setenv("LIAISON_TENANT", "env")
	t.Setenv("LIAISON_TOKEN", "")
	s := newSession(nil, &bytes.Buffer{}, &bytes.Buffer{})
	s.flags = globalFlags{config: path, tenant: "flag", output: "table"}
	if err := s.load(); err != nil {
		t.Fatal(err)
	}
	got := s.settings
	if got.Policy != "file:1" || got.Consent != "env:2" || got.Tenant != "flag" || got.ContactSync != "localhost:9103" || got.Credentials.Token != "from-file" {
		t.Errorf("settings %+v", got)
	}
	t.Setenv("LIAISON_TOKEN", "from-env")
	s = newSession(nil, &bytes.Buffer{}, &bytes.Buffer{})
	s.flags = globalFlags{config: path, token: "", output: "table"}
	if err := s.load(); err != nil || s.settings.Credentials.Token != "from-env" {
		t.Errorf("token %q (%v), want the variable's over the file's", s.settings.Credentials.Token, err)
	}
}

// TestAConfigFileOthersCanReadIsFlagged: a token in a file others may read
// gets a warning; a typo in a key is an error, not ignored.
func TestAConfigFileOthersCanReadIsFlagged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("credentials:\n  token: abc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	s := newSession(nil, &bytes.Buffer{}, &errOut)
	s.flags = globalFlags{config: path, output: "table"}
	if err := s.load(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "others may read it") {
		t.Errorf("no warning for a readable token file: %q", errOut.String())
	}
	if err := os.WriteFile(path, []byte("polcy: localhost:1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.flags.config = path
	if err := s.load(); exitCode(err) != ExitUsage || !strings.Contains(err.Error(), "polcy") {
		t.Errorf("a misspelt key: %v, want a usage error naming it", err)
	}
}

func TestTLSChoice(t *testing.T) {
	s := newSession(nil, &bytes.Buffer{}, &bytes.Buffer{})
	for addr, plaintext := range map[string]bool{"localhost:9101": true, "127.0.0.1:9101": true, "[::1]:9101": true, "policy.liaison.svc:9101": false, "10.0.0.5:9101": false} {
		creds, err := s.transport(addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := creds.Info().SecurityProtocol == "insecure"; got != plaintext {
			t.Errorf("%s: plaintext %v, want %v", addr, got, plaintext)
		}
	}
	s.settings.TLS.Cert = "client.pem"
	if _, err := s.transport("policy:9101"); exitCode(err) != ExitUsage {
		t.Errorf("a certificate without its key: %v, want a usage error", err)
	}
}

func TestParseEnum(t *testing.T) {
	values := map[string]int32{"MODE_UNSPECIFIED": 0, "ENABLED": 1, "SELECTED_GROUP": 2}
	for in, want := range map[string]int32{"enabled": 1, "selected-group": 2, " SELECTED_GROUP ": 2, "": 0} {
		got, err := parseEnum[int32]("--mode", in, values, "")
		if err != nil || got != want {
			t.Errorf("parseEnum(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"MODE_UNSPECIFIED", "maybe"} {
		if _, err := parseEnum[int32]("--mode", bad, values, ""); exitCode(err) != ExitUsage || !strings.Contains(err.Error(), "ENABLED, SELECTED_GROUP") {
			t.Errorf("parseEnum(%q): %v, want a usage error listing the values", bad, err)
		}
	}
}
