package e2e

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Time limits of the harness. Start-up is bounded so a broken binary fails
// the suite quickly instead of hanging it; the shutdown limit is the
// requirement graceful shutdown must meet.
const (
	readyTimeout    = 15 * time.Second
	shutdownTimeout = 15 * time.Second
)

// stack is the system under test: the policy service and the gateway, built
// from this checkout and running in a temporary folder.
type stack struct {
	dir        string // working folder: database, keys, ready files, logs
	policyBin  string
	gatewayBin string
	devKey     *ecdsa.PrivateKey // signs the gateway's dev tokens; the suite signs with it too

	policy     *process
	policyAddr string // host:port of the policy service's gRPC API
	gateway    *process
	gatewayURL string // http://host:port of the gateway
}

// buildStack compiles both binaries into dir/bin. It runs `go build` inside
// each module, so the suite tests this checkout (workspace mode applies) and
// needs nothing installed beforehand.
func buildStack(dir string) (*stack, error) {
	s := &stack{
		dir:        dir,
		policyBin:  filepath.Join(dir, "bin", "liaison-policy"),
		gatewayBin: filepath.Join(dir, "bin", "liaison-gateway"),
	}
	builds := []struct{ module, pkg, out string }{
		{"../services", "./cmd/liaison-policy", s.policyBin},
		{"../gateway", "./cmd/liaison-gateway", s.gatewayBin},
	}
	for _, b := range builds {
		cmd := exec.Command("go", "build", "-buildvcs=false", "-o", b.out, b.pkg)
		cmd.Dir = b.module
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build %s in %s: %w\n%s", b.pkg, b.module, err, out)
		}
	}
	return s, nil
}

func (s *stack) path(name string) string { return filepath.Join(s.dir, name) }

func (s *stack) databaseURL() string { return "sqlite:" + s.path("policy.db") }

// start writes the keys, loads the demo data and starts both servers.
func (s *stack) start() error {
	key, err := newSigningKey()
	if err != nil {
		return err
	}
	s.devKey = key
	if err := writeKeyPair(key, s.path("dev-key.pem"), s.path("dev-key.pub.pem")); err != nil {
		return err
	}
	seed := exec.Command(s.policyBin, "seed-demo", "--database-url="+s.databaseURL())
	seed.Dir = s.dir
	seed.Env = environment()
	if out, err := seed.CombinedOutput(); err != nil {
		return fmt.Errorf("liaison-policy seed-demo: %w\n%s", err, out)
	}
	// Port 0 lets the kernel pick a free port; the ready file tells us which.
	if err := s.startPolicy("127.0.0.1:0"); err != nil {
		return err
	}
	return s.startGateway()
}

// startPolicy starts the policy service listening on addr and waits until it
// serves.
func (s *stack) startPolicy(addr string) error {
	readyFile := s.path("policy.addr")
	// A ready file left by an earlier run would pass for this one.
	if err := os.Remove(readyFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	p, err := startProcess("policy", s.dir, s.path("policy.log"), s.policyBin, "serve",
		"--dev",
		"--grpc-addr="+addr,
		"--database-url="+s.databaseURL(),
		"--ready-file="+readyFile,
		"--auth-public-key-file="+s.path("dev-key.pub.pem"),
		"--service-key-file="+s.path("service-key.pem"),
	)
	if err != nil {
		return err
	}
	s.policy = p
	s.policyAddr, err = p.waitReady(readyFile, readyTimeout)
	return err
}

func (s *stack) startGateway() error {
	readyFile := s.path("gateway.addr")
	p, err := startProcess("gateway", s.dir, s.path("gateway.log"), s.gatewayBin, "serve",
		"--dev",
		"--http-addr=127.0.0.1:0",
		"--ready-file="+readyFile,
		"--policy-addr="+s.policyAddr,
		"--dev-key-file="+s.path("dev-key.pem"),
	)
	if err != nil {
		return err
	}
	s.gateway = p
	addr, err := p.waitReady(readyFile, readyTimeout)
	s.gatewayURL = "http://" + addr
	return err
}

// restartPolicy stops the policy service with SIGTERM and starts it again on
// the same address and database, then waits until the gateway reaches it
// again. The gateway keeps dialing the address it was given, so the new
// process must take over that address.
func (s *stack) restartPolicy() error {
	addr := s.policyAddr
	stopErr := s.policy.stop(shutdownTimeout)
	// Start again even after a failed stop, so later tests have a service.
	if err := s.startPolicy(addr); err != nil {
		return errors.Join(stopErr, err)
	}
	if s.policyAddr != addr {
		return errors.Join(stopErr, fmt.Errorf("policy came back on %s, not %s where the gateway dials it", s.policyAddr, addr))
	}
	return errors.Join(stopErr, s.waitGatewayReady())
}

// waitGatewayReady polls the gateway's readiness probe, which is green only
// while the policy service answers its health check. The gateway's gRPC
// connection retries with a backoff, so this can take a moment after a
// restart.
func (s *stack) waitGatewayReady() error {
	deadline := time.Now().Add(readyTimeout)
	for {
		resp, err := httpClient.Get(s.gatewayURL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("gateway not ready %s after the policy service came back (last: %v)\n%s", readyTimeout, lastAnswer(resp, err), s.logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func lastAnswer(resp *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return resp.Status
}

// stop shuts both servers down with SIGTERM, the gateway first as a
// deployment would, and reports every one that does not exit cleanly.
func (s *stack) stop() error {
	var errs []error
	for _, p := range []*process{s.gateway, s.policy} {
		if p != nil {
			errs = append(errs, p.stop(shutdownTimeout))
		}
	}
	return errors.Join(errs...)
}

// logs returns the end of both servers' logs, for a failed run.
func (s *stack) logs() string {
	out := ""
	for _, p := range []*process{s.policy, s.gateway} {
		if p != nil {
			out += fmt.Sprintf("--- %s log (%s), last lines:\n%s\n", p.name, p.logPath, p.logTail(25))
		}
	}
	return out
}
