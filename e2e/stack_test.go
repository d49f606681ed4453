package e2e

import (
	"context"
	"crypto/ecdsa"
	"os"
	"path/filepath"
	"strings"

	"github.com/liaisonhq/liaison/platform/launch"
)

// stack is the system under test: every binary of launch.System, built
// from this checkout and running in a temporary folder on random ports.
type stack struct {
	*launch.Stack
	devKey *ecdsa.PrivateKey // signs the gateway's dev tokens; the suite signs with it too

	simURL      string // http://host:port of the LinkedIn simulator
	policyAddr  string // host:port of the policy service's gRPC API
	consentAddr string // host:port of the consent service's gRPC API
	gatewayURL  string // http://host:port of the gateway
}

// startStack builds the binaries into dir/bin and starts the system in
// dir, with the demo data loaded.
func startStack(dir string) (*stack, error) {
	bin := filepath.Join(dir, "bin")
	if err := launch.Build(context.Background(), "..", bin); err != nil {
		return nil, err
	}
	st, err := launch.Start(launch.Options{BinDir: bin, Dir: dir, Env: environment()})
	if err != nil {
		return nil, err
	}
	key, err := st.DevKey()
	if err != nil {
		return nil, err
	}
	return &stack{Stack: st, devKey: key,
		simURL: st.URL("linkedin-sim"), policyAddr: st.Addr("policy"), consentAddr: st.Addr("consent"), gatewayURL: st.URL("gateway"),
	}, nil
}

// restartPolicy stops the policy service with SIGTERM and starts it again
// on the same address and database, then waits until the gateway reaches it.
func (s *stack) restartPolicy() error { return s.Restart("policy", nil) }

// restartConsent does the same for consent, running whileDown (if not nil)
// while it is down.
func (s *stack) restartConsent(whileDown func() error) error { return s.Restart("consent", whileDown) }

// environment is this test's environment without LIAISON_* variables: the
// binaries read their settings from those too, and a developer's shell must
// not change what the suite runs against.
func environment() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LIAISON_") {
			env = append(env, kv)
		}
	}
	return env
}
