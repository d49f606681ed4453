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

// stack is what the bench talks to: policy, the gateway in front of it and
// the echo baseline, each in its own process, all on random local ports.
type stack struct {
	policyAddr string
	gatewayURL string
	echoAddr   string
	// The servers, to measure the CPU time they use.
	policy, gateway, echo *process
	// procs are the running servers in start order; stop goes in reverse,
	// so the gateway stops before the service it calls.
	procs []*process
}

// startStack starts the three servers with their data, keys and logs in dir.
// On failure it stops whatever it had started.
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

	s.policy, err = s.start("policy", in("policy.log"), bins.policy, "serve",
		"--dev",
		"--grpc-addr=127.0.0.1:0",
		"--database-url=sqlite:"+in("policy.db"),
		"--service-key-file="+in("svc.pem"),
		"--auth-public-key-file="+in("dev-key.pub.pem"),
		"--ready-file="+in("policy.ready"),
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

	// The gateway needs policy's address, which is random: it starts last.
	s.gateway, err = s.start("gateway", in("gateway.log"), bins.gateway, "serve",
		"--dev",
		"--dev-key-file="+in("dev-key.pem"),
		"--http-addr=127.0.0.1:0",
		"--policy-addr="+s.policyAddr,
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
