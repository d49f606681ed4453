package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// process is one server of the stack running as a child process, with its
// output in a log file that is shown only when something goes wrong.
type process struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	log     *os.File
	exited  chan struct{} // closed once the process has exited
	waitErr error         // the exit status; read only after exited is closed
}

// startProcess runs path with args, its output going to logPath.
func startProcess(name, logPath, path string, args ...string) (*process, error) {
	log, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, logPath: logPath, log: log, exited: make(chan struct{})}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// waitReady waits for the process to write its bound address to readyFile,
// which the servers do only once they are serving.
func (p *process) waitReady(ctx context.Context, readyFile string, timeout time.Duration) (string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		// The file can be seen the moment it is created, still empty: only an
		// address with a port counts as ready.
		if data, err := os.ReadFile(readyFile); err == nil {
			addr := strings.TrimSpace(string(data))
			if i := strings.LastIndexByte(addr, ':'); i >= 0 && i < len(addr)-1 {
				return addr, nil
			}
		}
		select {
		case <-p.exited:
			return "", fmt.Errorf("%s exited before it was ready (%v)\n%s", p.name, p.waitErr, p.logTail(20))
		case <-deadline.C:
			return "", fmt.Errorf("%s not ready after %v\n%s", p.name, timeout, p.logTail(20))
		case <-ctx.Done():
			return "", ctx.Err()
		case <-tick.C:
		}
	}
}

// stop asks the process to shut down with SIGTERM, the way its operators do,
// and kills it only if it is still running after grace.
func (p *process) stop(grace time.Duration) error {
	defer p.log.Close()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop %s: %w", p.name, err)
	}
	select {
	case <-p.exited:
	case <-time.After(grace):
		_ = p.cmd.Process.Kill()
		<-p.exited
		return fmt.Errorf("%s did not stop within %v of SIGTERM; killed", p.name, grace)
	}
	if p.waitErr != nil {
		return fmt.Errorf("%s: %w\n%s", p.name, p.waitErr, p.logTail(20))
	}
	return nil
}

// logTail returns the last n lines the process logged, indented.
func (p *process) logTail(n int) string {
	data, err := os.ReadFile(p.logPath)
	if err != nil {
		return "  (no log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	lines = lines[max(0, len(lines)-n):]
	return "  " + p.name + " log:\n    " + strings.Join(lines, "\n    ")
}
