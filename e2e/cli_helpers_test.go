package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/e2e/internal/suite"
)

// ctl runs liaisonctl against the system under test, with a config file of
// its own (the services' addresses, the tenant, and a token if given).
type ctl struct {
	t      *testing.T
	config string
	stdin  string
}

func newCtl(t *testing.T, tenant, token string) *ctl {
	t.Helper()
	config := filepath.Join(t.TempDir(), "liaisonctl.yaml")
	body := fmt.Sprintf("policy: %s\nconsent: %s\ncontactSync: %s\ngateway: %s\ntenant: %s\n",
		sut.policyAddr, sut.consentAddr, sut.Addr("contact-sync"), sut.gatewayURL, tenant)
	if token != "" {
		body += "credentials:\n  token: " + token + "\n"
	}
	if err := os.WriteFile(config, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return &ctl{t: t, config: config}
}

// run runs liaisonctl with args and returns its output and exit code.
func (c *ctl) run(args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, suite.Liaisonctl, args...)
	cmd.Env = append(environment(), "LIAISONCTL_CONFIG="+c.config)
	cmd.Stdin = strings.NewReader(c.stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		c.t.Fatalf("liaisonctl %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errOut.String(), code
}

// ok runs liaisonctl and fails the test unless it exits 0.
func (c *ctl) ok(args ...string) string {
	c.t.Helper()
	out, errOut, code := c.run(args...)
	if code != 0 {
		c.t.Fatalf("liaisonctl %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// fails runs liaisonctl, wants exit code want and stderr holding each of
// wantErr, and returns stderr.
func (c *ctl) fails(want int, wantErr []string, args ...string) string {
	c.t.Helper()
	out, errOut, code := c.run(args...)
	if code != want {
		c.t.Fatalf("liaisonctl %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out, errOut)
	}
	for _, w := range wantErr {
		if !strings.Contains(errOut, w) {
			c.t.Errorf("liaisonctl %s: stderr lacks %q:\n%s", strings.Join(args, " "), w, errOut)
		}
	}
	return errOut
}

// wantLines fails unless out holds each line (after trimming spaces).
func wantLines(t *testing.T, what, out string, lines ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		have[strings.Join(strings.Fields(l), " ")] = true
	}
	for _, l := range lines {
		if !have[strings.Join(strings.Fields(l), " ")] {
			t.Errorf("%s: no line %q in:\n%s", what, l, out)
		}
	}
}
