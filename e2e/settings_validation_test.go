package e2e

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestBinariesRefuseBadSettings: every binary checks its settings before
// running a command and exits 2 with a message naming the flag, rather than
// failing later on the first request.
func TestBinariesRefuseBadSettings(t *testing.T) {
	for _, c := range []struct {
		binary string
		args   []string
		flag   string
	}{
		{sut.gatewayBin, []string{"serve", "--otlp-endpoint=http://localhost:4317"}, "--otlp-endpoint"},
		{sut.gatewayBin, []string{"serve", "--max-body-bytes=0"}, "--max-body-bytes"},
		{sut.policyBin, []string{"serve", "--database-url=policy.db"}, "--database-url"},
		{sut.policyBin, []string{"migrate", "--log-level=chatty"}, "--log-level"},
		{sut.consentBin, []string{"serve", "--dev", "--linkedin-url=localhost:8090"}, "--linkedin-url"},
		{sut.consentBin, []string{"migrate", "--state-ttl=0s"}, "--state-ttl"},
		{sut.simBin, []string{"serve", "--page-size=0"}, "--page-size"},
	} {
		// A binary that accepts the settings would serve until killed.
		ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
		cmd := exec.CommandContext(ctx, c.binary, c.args...)
		cmd.Dir = sut.dir
		cmd.Env = environment()
		out, err := cmd.CombinedOutput()
		cancel()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), c.flag) {
			t.Errorf("%s %v: %v, output %q; want exit status 2 naming %s", c.binary, c.args, err, out, c.flag)
		}
	}
}
