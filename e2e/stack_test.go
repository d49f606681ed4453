package e2e

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Time limits of the harness. Start-up is bounded so a broken binary fails
// the suite quickly instead of hanging it; the shutdown limit is the
// requirement graceful shutdown must meet.
const (
	readyTimeout    = 15 * time.Second
	shutdownTimeout = 15 * time.Second
)

// stack is the system under test: the LinkedIn simulator, the policy and
// consent services and the gateway, built from this checkout and running in
// a temporary folder.
type stack struct {
	dir        string // working folder: databases, keys, ready files, logs
	policyBin  string
	consentBin string
	simBin     string
	gatewayBin string
	devKey     *ecdsa.PrivateKey // signs the gateway's dev tokens; the suite signs with it too

	sim         *process
	simURL      string // http://host:port of the LinkedIn simulator
	policy      *process
	policyAddr  string // host:port of the policy service's gRPC API
	consent     *process
	consentAddr string // host:port of the consent service's gRPC API
	gateway     *process
	gatewayURL  string // http://host:port of the gateway
}

// buildStack compiles the binaries into dir/bin. It runs `go build` inside
// each module, so the suite tests this checkout (workspace mode applies) and
// needs nothing installed beforehand.
func buildStack(dir string) (*stack, error) {
	bin := filepath.Join(dir, "bin")
	s := &stack{
		dir:        dir,
		policyBin:  filepath.Join(bin, "liaison-policy"),
		consentBin: filepath.Join(bin, "liaison-consent"),
		simBin:     filepath.Join(bin, "liaison-linkedin-sim"),
		gatewayBin: filepath.Join(bin, "liaison-gateway"),
	}
	// One `go build` per module: the services' three binaries share most
	// of their packages, so building them together costs little more than
	// one. With several packages, -o names a folder.
	builds := []struct {
		module, out string
		pkgs        []string
	}{
		{"../services", bin + string(filepath.Separator), []string{"./cmd/liaison-policy", "./cmd/liaison-consent", "./cmd/liaison-linkedin-sim"}},
		{"../gateway", s.gatewayBin, []string{"./cmd/liaison-gateway"}},
	}
	for _, b := range builds {
		args := append([]string{"build", "-buildvcs=false", "-o", b.out}, b.pkgs...)
		cmd := exec.Command("go", args...)
		cmd.Dir = b.module
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go %s in %s: %w\n%s", strings.Join(args, " "), b.module, err, out)
		}
	}
	return s, nil
}

func (s *stack) path(name string) string { return filepath.Join(s.dir, name) }

func (s *stack) databaseURL() string { return "sqlite:" + s.path("policy.db") }

func (s *stack) consentDatabaseURL() string { return "sqlite:" + s.path("consent.db") }

// start writes the keys, loads the demo data and starts the servers in the
// order their dependencies need: the simulator, policy, consent (which calls
// both), then the gateway (which calls policy and consent).
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
	if err := s.startSim(); err != nil {
		return err
	}
	// Port 0 lets the kernel pick a free port; the ready file tells us which.
	// Consent creates its own service key (--dev) and publishes the public
	// half in service-keys/, where policy reads it at consent's first call.
	if err := s.startPolicy("127.0.0.1:0"); err != nil {
		return err
	}
	return s.startConsentAndGateway()
}

// startSim starts the LinkedIn simulator with its demo network, approving
// authorization requests that name a known member without a consent page.
func (s *stack) startSim() error {
	readyFile := s.path("sim.addr")
	p, err := startProcess("linkedin-sim", s.dir, s.path("sim.log"), s.simBin, "serve",
		"--http-addr=127.0.0.1:0",
		"--ready-file="+readyFile,
		"--auto-approve",
	)
	if err != nil {
		return err
	}
	s.sim = p
	addr, err := p.waitReady(readyFile, readyTimeout)
	s.simURL = "http://" + addr
	return err
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
		"--service-key-file="+s.path("policy-service-key.pem"),
		"--trusted-service-keys="+s.path("service-keys"),
		"--shutdown-drain=200ms", // short: the suite restarts services
	)
	if err != nil {
		return err
	}
	s.policy = p
	s.policyAddr, err = p.waitReady(readyFile, readyTimeout)
	return err
}

// bindAttempts bounds the retries of startConsentAndGateway.
const bindAttempts = 3

// startConsentAndGateway starts consent and then the gateway. Consent must
// know the gateway's callback URL, which LinkedIn sends the browser to,
// before the gateway runs, so the gateway's port is reserved first: listen
// on port 0, note the port, close the listener. Another process may take
// the port in between; then both start again on a new one.
func (s *stack) startConsentAndGateway() error {
	var errs []error
	for range bindAttempts {
		port, err := freePort()
		if err != nil {
			return err
		}
		gatewayAddr := net.JoinHostPort("127.0.0.1", port)
		if err := s.startConsent("127.0.0.1:0", "http://"+gatewayAddr); err != nil {
			return err
		}
		err = s.startGateway(gatewayAddr)
		if err == nil || !strings.Contains(err.Error(), "address already in use") {
			return err
		}
		errs = append(errs, err)
		stopErr := s.consent.stop(shutdownTimeout)
		s.consent = nil
		if stopErr != nil {
			return errors.Join(append(errs, stopErr)...)
		}
	}
	return errors.Join(errs...)
}

// freePort returns a TCP port on the loopback interface that was free a
// moment ago.
func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	_, port, err := net.SplitHostPort(l.Addr().String())
	return port, err
}

// startConsent starts the consent service listening on addr, for a gateway
// the browser reaches at gatewayURL, and waits until it serves. Connections
// may send the browser back to the gateway's origin only.
func (s *stack) startConsent(addr, gatewayURL string) error {
	readyFile := s.path("consent.addr")
	if err := os.Remove(readyFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	p, err := startProcess("consent", s.dir, s.path("consent.log"), s.consentBin, "serve",
		"--dev",
		"--grpc-addr="+addr,
		"--database-url="+s.consentDatabaseURL(),
		"--ready-file="+readyFile,
		"--policy-addr="+s.policyAddr,
		"--linkedin-url="+s.simURL,
		"--callback-url="+gatewayURL+"/v1/linkedin/callback",
		"--redirect-origins="+gatewayURL,
		"--token-key-file="+s.path("consent-token.key"),
		"--auth-public-key-file="+s.path("dev-key.pub.pem"),
		"--service-key-file="+s.path("consent-service-key.pem"),
		"--trusted-service-keys="+s.path("service-keys"),
		"--shutdown-drain=200ms", // short: the suite restarts services
	)
	if err != nil {
		return err
	}
	s.consent = p
	s.consentAddr, err = p.waitReady(readyFile, readyTimeout)
	return err
}

// startGateway starts the gateway listening on addr and waits until it
// listens and its readiness probe is green (both services answer).
func (s *stack) startGateway(addr string) error {
	readyFile := s.path("gateway.addr")
	if err := os.Remove(readyFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	p, err := startProcess("gateway", s.dir, s.path("gateway.log"), s.gatewayBin, "serve",
		"--dev",
		"--http-addr="+addr,
		"--ready-file="+readyFile,
		"--policy-addr="+s.policyAddr,
		"--consent-addr="+s.consentAddr,
		"--dev-key-file="+s.path("dev-key.pem"),
	)
	if err != nil {
		return err
	}
	s.gateway = p
	got, err := p.waitReady(readyFile, readyTimeout)
	if err != nil {
		return err
	}
	s.gatewayURL = "http://" + got
	return s.waitGatewayReady()
}

// restartPolicy stops the policy service with SIGTERM and starts it again on
// the same address and database, then waits until the gateway reaches it
// again. The gateway and consent keep dialing the address they were given,
// so the new process must take over that address.
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

// restartConsent stops the consent service with SIGTERM, runs whileDown
// (if not nil) while it is down, and starts it again on the same address,
// database, keys and callback URL, then waits until the gateway reaches it
// again. whileDown reports a failure as its error rather than stopping the
// test, so the service always comes back for later tests.
func (s *stack) restartConsent(whileDown func() error) error {
	addr := s.consentAddr
	errs := []error{s.consent.stop(shutdownTimeout)}
	if whileDown != nil {
		errs = append(errs, whileDown())
	}
	if err := s.startConsent(addr, s.gatewayURL); err != nil {
		return errors.Join(append(errs, err)...)
	}
	if s.consentAddr != addr {
		errs = append(errs, fmt.Errorf("consent came back on %s, not %s where the gateway dials it", s.consentAddr, addr))
	}
	return errors.Join(append(errs, s.waitGatewayReady())...)
}

// waitGatewayReady polls the gateway's readiness probe, which is green only
// while the policy and consent services answer their health checks. The
// gateway's gRPC connections retry with a backoff, so this can take a
// moment after a (re)start.
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
			return fmt.Errorf("gateway not ready after %s (last: %v)\n%s", readyTimeout, lastAnswer(resp, err), s.logs())
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

// processes lists the servers that were started, in start order.
func (s *stack) processes() []*process {
	var ps []*process
	for _, p := range []*process{s.sim, s.policy, s.consent, s.gateway} {
		if p != nil {
			ps = append(ps, p)
		}
	}
	return ps
}

// stop shuts every server down with SIGTERM, in the reverse of start order
// as a deployment would (the gateway first), and reports every one that
// does not exit cleanly.
func (s *stack) stop() error {
	var errs []error
	ps := s.processes()
	for i := len(ps) - 1; i >= 0; i-- {
		errs = append(errs, ps[i].stop(shutdownTimeout))
	}
	return errors.Join(errs...)
}

// logs returns the end of every server's log, for a failed run.
func (s *stack) logs() string {
	out := ""
	for _, p := range s.processes() {
		out += fmt.Sprintf("--- %s log (%s), last lines:\n%s\n", p.name, p.logPath, p.logTail(25))
	}
	return out
}
