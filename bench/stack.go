package main

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"time"

	"github.com/liaisonhq/liaison/platform/launch"
)

// How long the echo may take to report ready, and to stop after SIGTERM.
const (
	readyTimeout = 30 * time.Second
	stopTimeout  = 10 * time.Second
)

// stack is what the bench talks to: the system as launch starts it (policy,
// consent, the LinkedIn simulator consent connects users through, the
// gateway in front of them), the echo baseline and the stock grpc-gateway
// in front of it, each in its own process, all on random local ports.
type stack struct {
	*launch.Stack
	policyAddr      string
	consentAddr     string
	profileCardAddr string
	simURL          string
	gatewayURL      string
	// gatewayDebugURL serves the gateway's runtime profiles (its
	// --debug-addr, on loopback), for the profile in the report.
	gatewayDebugURL string
	echoAddr        string
	stockURL        string
	echo            *process
	stockGateway    *process
}

// startStack starts the system from the binaries in bin, and the echo (this
// program, self), with their data, keys and logs in dir. On failure it
// stops whatever it had started.
func startStack(ctx context.Context, dir, bin, self string) (_ *stack, err error) {
	grace := []string{"--shutdown-grace=3s"}
	debugAddr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	st, err := launch.Start(launch.Options{BinDir: bin, Dir: dir, Flags: map[string][]string{
		"policy": grace, "consent": grace, "linkedin-sim": grace,
		// The load comes from one address with a few tokens, far past what
		// the gateway's rate limits let one caller do: they are what is
		// measured elsewhere, not here.
		"gateway": append(grace, "--rate-per-caller=0", "--rate-per-address=0", "--debug-addr="+debugAddr),
	}})
	if err != nil {
		return nil, err
	}
	s := &stack{Stack: st, policyAddr: st.Addr("policy"), consentAddr: st.Addr("consent"), profileCardAddr: st.Addr("profile-card"),
		simURL: st.URL("linkedin-sim"), gatewayURL: st.URL("gateway"), gatewayDebugURL: "http://" + debugAddr}
	defer func() {
		if err != nil {
			err = errors.Join(err, s.stop())
		}
	}()
	in := func(name string) string { return filepath.Join(dir, name) }
	if s.echo, err = startProcess("echo", in("echo.log"), self, echoServerCommand,
		"-addr=127.0.0.1:0", "-ready-file="+in("echo.ready")); err != nil {
		return nil, err
	}
	if s.echoAddr, err = s.echo.waitReady(ctx, in("echo.ready"), readyTimeout); err != nil {
		return nil, err
	}
	if s.stockGateway, err = startProcess("stock-gateway", in("stock-gateway.log"), self, stockGatewayCommand,
		"-addr=127.0.0.1:0", "-echo-addr="+s.echoAddr, "-ready-file="+in("stock-gateway.ready")); err != nil {
		return nil, err
	}
	stockAddr, err := s.stockGateway.waitReady(ctx, in("stock-gateway.ready"), readyTimeout)
	if err != nil {
		return nil, err
	}
	s.stockURL = "http://" + stockAddr
	return s, nil
}

// freeLoopbackAddr is a loopback address with a port free a moment ago, for
// a listener whose address its process does not report back.
func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// stop sends every server SIGTERM, the baselines first (the stock gateway
// before the echo it calls), and reports any that did not exit cleanly.
func (s *stack) stop() error {
	var errs []error
	for _, p := range []**process{&s.stockGateway, &s.echo} {
		if *p != nil {
			errs = append(errs, (*p).stop(stopTimeout))
			*p = nil
		}
	}
	return errors.Join(append(errs, s.Stop())...)
}

// pids are the process ids of the named servers ("echo", "stock-gateway"
// or a binary of the system), whose CPU time a target is charged.
func (s *stack) pids(names ...string) []int {
	var pids []int
	for _, name := range names {
		switch name {
		case "echo":
			pids = append(pids, s.echo.cmd.Process.Pid)
		case "stock-gateway":
			pids = append(pids, s.stockGateway.cmd.Process.Pid)
		default:
			pids = append(pids, s.PID(name))
		}
	}
	return pids
}
