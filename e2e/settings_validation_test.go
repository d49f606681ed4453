package e2e

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/launch"
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
		{sut.Binary("gateway"), []string{"serve", "--otlp-endpoint=http://localhost:4317"}, "--otlp-endpoint"},
		{sut.Binary("gateway"), []string{"serve", "--max-body-bytes=0"}, "--max-body-bytes"},
		{sut.Binary("gateway"), []string{"serve", "--backend-timeout=3m"}, "--backend-timeout"}, // not under the 2m write timeout
		{sut.Binary("policy"), []string{"serve", "--database-url=policy.db"}, "--database-url"},
		{sut.Binary("policy"), []string{"migrate", "--log-level=chatty"}, "--log-level"},
		{sut.Binary("consent"), []string{"serve", "--dev", "--linkedin-url=localhost:8090"}, "--linkedin-url"},
		{sut.Binary("consent"), []string{"migrate", "--state-ttl=0s"}, "--state-ttl"},
		{sut.Binary("linkedin-sim"), []string{"serve", "--page-size=0"}, "--page-size"},
	} {
		// A binary that accepts the settings would serve until killed.
		ctx, cancel := context.WithTimeout(context.Background(), launch.ReadyTimeout)
		cmd := exec.CommandContext(ctx, c.binary, c.args...)
		cmd.Dir = sut.Dir()
		cmd.Env = environment()
		out, err := cmd.CombinedOutput()
		cancel()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), c.flag) {
			t.Errorf("%s %v: %v, output %q; want exit status 2 naming %s", c.binary, c.args, err, out, c.flag)
		}
	}
}
