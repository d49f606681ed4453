package main

import (
	"context"
	"errors"
	"path/filepath"
	"time"
)

// How long a server may take to report ready, and to stop after SIGTERM.
const (
	readyTimeout = 30 * time.Second
	stopTimeout  = 10 * time.Second
)

// callbackURL is the redirect URI consent registers with the simulator. The
// bench never visits it: it reads the code and the state from the
// simulator's redirect and hands them to CompleteConnection itself, as the
// gateway's callback would. It only has to be one the simulator accepts.
const callbackURL = "http://127.0.0.1/v1/linkedin/callback"

// stack is what the bench talks to: policy, consent, the LinkedIn simulator
// consent connects users through, the gateway in front of policy and
// consent, and the echo baseline, each in its own process, all on random
// local ports.
type stack struct {
	policyAddr  string
	consentAddr string
	simURL      string
	gatewayURL  string
	echoAddr    string
	// The servers, to measure the CPU time they use.
	policy, consent, sim, gateway, echo *process
	// procs are the running servers in start order; stop goes in reverse,
	// so the gateway stops before the services it calls.
	procs []*process
}

// startStack starts the servers with their data, keys and logs in dir. On
// failure it stops whatever it had started.
func startStack(ctx context.Context, dir string, bins binaries, self string) (_ *stack, err error) {
	s := &stack{}
	defer func() {
		if err != nil {
			err = errors.Join(err, s.stop())
		}
	}()
	in := func(name string) string { return filepath.Join(dir, name) }

	if err := writeDevKeyPair(in("dev-key.pem"), in("dev-key.pub.pem")); err != nil {
		return nil, err
	}

	// Policy, the simulator and the echo need nobody else: they start
	// together.
	s.policy, err = s.start("policy", in("policy.log"), bins.policy, "serve",
		"--dev",
		"--grpc-addr=127.0.0.1:0",
		"--database-url=sqlite:"+in("policy.db"),
		"--service-key-file="+in("policy-service-key.pem"),
		"--trusted-service-keys="+in("service-keys"),
		"--shutdown-drain=0",
		"--auth-public-key-file="+in("dev-key.pub.pem"),
		"--ready-file="+in("policy.ready"),
		"--shutdown-grace=3s",
	)
	if err != nil {
		return nil, err
	}
	s.sim, err = s.start("linkedin-sim", in("sim.log"), bins.sim, "serve",
		"--http-addr=127.0.0.1:0",
		"--auto-approve",
		"--ready-file="+in("sim.ready"),
		"--shutdown-grace=3s",
	)
	if err != nil {
		return nil, err
	}
	s.echo, err = s.start("echo", in("echo.log"), self, echoServerCommand,
		"-addr=127.0.0.1:0",
		"-ready-file="+in("echo.ready"),
	)
	if err != nil {
		return nil, err
	}
	if s.policyAddr, err = s.policy.waitReady(ctx, in("policy.ready"), readyTimeout); err != nil {
		return nil, err
	}
	simAddr, err := s.sim.waitReady(ctx, in("sim.ready"), readyTimeout)
	if err != nil {
		return nil, err
	}
	s.simURL = "http://" + simAddr

	// Consent needs policy's and the simulator's addresses. It signs its
	// calls to policy with its own key, whose public half it publishes in
	// service-keys/ (--dev) for policy to read.
	s.consent, err = s.start("consent", in("consent.log"), bins.consent, "serve",
		"--dev",
		"--grpc-addr=127.0.0.1:0",
		"--database-url=sqlite:"+in("consent.db"),
		"--policy-addr="+s.policyAddr,
		"--linkedin-url="+s.simURL,
		"--callback-url="+callbackURL,
		"--token-key-file="+in("consent-token.key"),
		"--service-key-file="+in("consent-service-key.pem"),
		"--trusted-service-keys="+in("service-keys"),
		"--shutdown-drain=0",
		"--auth-public-key-file="+in("dev-key.pub.pem"),
		"--ready-file="+in("consent.ready"),
		"--shutdown-grace=3s",
	)
	if err != nil {
		return nil, err
	}
	if s.consentAddr, err = s.consent.waitReady(ctx, in("consent.ready"), readyTimeout); err != nil {
		return nil, err
	}

	// The gateway needs both services' addresses, which are random: it
	// starts last.
	s.gateway, err = s.start("gateway", in("gateway.log"), bins.gateway, "serve",
		"--dev",
		"--dev-key-file="+in("dev-key.pem"),
		"--http-addr=127.0.0.1:0",
		"--policy-addr="+s.policyAddr,
		"--consent-addr="+s.consentAddr,
		"--ready-file="+in("gateway.ready"),
		"--shutdown-grace=3s",
	)
	if err != nil {
		return nil, err
	}
	gatewayAddr, err := s.gateway.waitReady(ctx, in("gateway.ready"), readyTimeout)
	if err != nil {
		return nil, err
	}
	s.gatewayURL = "http://" + gatewayAddr
	if s.echoAddr, err = s.echo.waitReady(ctx, in("echo.ready"), readyTimeout); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *stack) start(name, logPath, path string, args ...string) (*process, error) {
	p, err := startProcess(name, logPath, path, args...)
	if err != nil {
		return nil, err
	}
	s.procs = append(s.procs, p)
	return p, nil
}

// stop sends every server SIGTERM, last started first, and reports any that
// did not exit cleanly.
func (s *stack) stop() error {
	var errs []error
	for i := len(s.procs) - 1; i >= 0; i-- {
		errs = append(errs, s.procs[i].stop(stopTimeout))
	}
	s.procs = nil
	return errors.Join(errs...)
}
