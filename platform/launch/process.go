package launch

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// process is one running binary. Its output goes to a log file, appended
// across restarts, so a failure can show what it said.
type process struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{} // closed once the process has exited
	exitErr error         // the result of Wait; read only after exited closes
}

// startProcess runs binary with args in dir, with environment env.
func startProcess(name, dir, logPath string, env []string, binary string, args ...string) (*process, error) {
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(binary, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, logPath: logPath, exited: make(chan struct{})}
	go func() {
		p.exitErr = cmd.Wait()
		log.Close()
		close(p.exited)
	}()
	return p, nil
}

// waitReady waits until the process writes a host:port to readyFile, which
// the binaries do once they serve.
func (p *process) waitReady(readyFile string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		select {
		case <-p.exited:
			return fmt.Errorf("%s exited before it was ready (%v); its log:\n%s", p.name, p.exitErr, p.logTail(40))
		default:
		}
		if b, err := os.ReadFile(readyFile); err == nil {
			// A half-written file does not parse yet; read it again.
			if _, port, err := net.SplitHostPort(strings.TrimSpace(string(b))); err == nil && port != "" && port != "0" {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %s; its log:\n%s", p.name, timeout, p.logTail(40))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop sends SIGTERM and requires a clean exit (status 0) within timeout:
// graceful shutdown is part of the contract. A process that does not stop
// in time is killed and reported.
func (p *process) stop(timeout time.Duration) error {
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("signal %s: %w", p.name, err)
	}
	select {
	case <-p.exited:
	case <-time.After(timeout):
		_ = p.cmd.Process.Kill()
		<-p.exited
		return fmt.Errorf("%s did not exit within %s of SIGTERM; its log:\n%s", p.name, timeout, p.logTail(40))
	}
	if p.exitErr != nil {
		return fmt.Errorf("%s did not exit cleanly after SIGTERM: %v; its log:\n%s", p.name, p.exitErr, p.logTail(40))
	}
	return nil
}

// kill ends the process at once, as a crash would.
func (p *process) kill() {
	_ = p.cmd.Process.Kill()
	<-p.exited
}

// logTail returns the last n lines the process (and its earlier runs) wrote.
func (p *process) logTail(n int) string {
	b, err := os.ReadFile(p.logPath)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", p.logPath, err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "    " + strings.Join(lines, "\n    ")
}
