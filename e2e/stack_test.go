package e2e

import (
	"crypto/ecdsa"

	"github.com/liaisonhq/liaison/e2e/internal/suite"
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

// newStack is the started system with what the tests reach it by.
func newStack(st *launch.Stack) (*stack, error) {
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

// environment is the binaries' environment (suite.Environment).
func environment() []string { return suite.Environment() }
