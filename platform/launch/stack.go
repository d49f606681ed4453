package launch

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Time limits: start-up is bounded so a broken binary fails quickly instead
// of hanging; the stop limit is what graceful shutdown must meet.
const (
	ReadyTimeout = 30 * time.Second
	StopTimeout  = 15 * time.Second
)

// Options say where and how the system runs.
type Options struct {
	// BinDir holds the liaison-* binaries.
	BinDir string
	// Dir holds the databases, keys, logs and ready files.
	Dir string
	// Addrs are fixed listen addresses, by binary; the others get a free
	// port on Host.
	Addrs map[string]string
	// Host is the host of the free ports; 127.0.0.1 when empty.
	Host string
	// Flags are more serve flags, by binary; later flags win.
	Flags map[string][]string
	// Env is the binaries' environment; the caller's when nil.
	Env []string
	// Databases are database URLs, by service; the others get an embedded
	// SQLite database in Dir.
	Databases map[string]string
	// Only, when set, starts only these binaries.
	Only []string
}

// Stack is the running system.
type Stack struct {
	opts     Options
	env      Env
	procs    map[string]*process
	replicas []string
	count    int // replicas started so far, to name them
}

// Start sets up and starts every binary of System in order, and returns
// once all serve. On failure it stops whatever it started; the logs stay
// in opts.Dir.
func Start(opts Options) (_ *Stack, err error) {
	// The binaries run in Dir: the paths they are given must not be
	// relative to where the caller runs.
	if opts.Dir, err = filepath.Abs(opts.Dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, err
	}
	if err := ensureDevKeyPair(filepath.Join(opts.Dir, DevKeyFile), filepath.Join(opts.Dir, DevPublicKeyFile)); err != nil {
		return nil, err
	}
	s := &Stack{opts: opts, env: Env{dir: opts.Dir, addrs: map[string]string{}, databases: opts.Databases}, procs: map[string]*process{}}
	if err := publishServiceKeys(s.env); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, s.Stop())
		}
	}()
	// Every address is known before anything starts: consent must know the
	// gateway's URL (LinkedIn's callback) before the gateway, which calls
	// consent, can start.
	for _, spec := range System {
		if s.env.addrs[spec.Name], err = s.address(spec.Name); err != nil {
			return nil, err
		}
	}
	for _, spec := range System {
		if len(opts.Only) > 0 && !slices.Contains(opts.Only, spec.Name) {
			continue
		}
		if err := s.setUp(spec); err != nil {
			return nil, err
		}
		if err := s.start(spec, s.env, spec.Name); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *Stack) address(name string) (string, error) {
	if addr := s.opts.Addrs[name]; addr != "" {
		return addr, nil
	}
	host := s.opts.Host
	if host == "" {
		host = "127.0.0.1"
	}
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// setUp runs the binary's setup subcommands.
func (s *Stack) setUp(spec Spec) error {
	if spec.Setup == nil {
		return nil
	}
	for _, args := range spec.Setup(s.env) {
		cmd := exec.Command(s.binary(spec), args...)
		cmd.Dir, cmd.Env = s.opts.Dir, s.opts.Env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("liaison-%s %s: %w\n%s", spec.Name, args[0], err, out)
		}
	}
	return nil
}

func (s *Stack) binary(spec Spec) string { return filepath.Join(s.opts.BinDir, "liaison-"+spec.Name) }

// start runs the binary's serve command in env, as instance (its name, or
// a replica's), and waits until it serves.
func (s *Stack) start(spec Spec, env Env, instance string) error {
	readyFile := s.env.File(instance + ".addr")
	// A ready file left by an earlier run would pass for this one.
	if err := os.Remove(readyFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	args := append([]string{"serve", "--ready-file=" + readyFile}, spec.Serve(env)...)
	args = append(args, s.opts.Flags[spec.Name]...)
	p, err := startProcess(instance, s.opts.Dir, s.env.File(instance+".log"), s.opts.Env, s.binary(spec), args...)
	if err != nil {
		return err
	}
	s.procs[instance] = p
	if err := p.waitReady(readyFile, ReadyTimeout); err != nil {
		return err
	}
	if spec.ReadyPath != "" {
		return s.waitHTTPReady(spec)
	}
	return nil
}

// waitHTTPReady polls the binary's readiness path until it answers 200.
func (s *Stack) waitHTTPReady(spec Spec) error {
	deadline := time.Now().Add(ReadyTimeout)
	client := &http.Client{Timeout: time.Second}
	for {
		resp, err := client.Get(s.URL(spec.Name) + spec.ReadyPath)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = errors.New(resp.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %s (last: %v)\n%s", spec.Name, ReadyTimeout, err, s.Logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Addr is where the named binary listens.
func (s *Stack) Addr(name string) string { return s.env.Addr(name) }

// URL is the named binary's base URL.
func (s *Stack) URL(name string) string { return s.env.URL(name) }

// File is a file of the data folder, such as DevKeyFile.
func (s *Stack) File(name string) string { return s.env.File(name) }

// Restart stops the named binary with SIGTERM, runs whileDown (if not nil)
// while it is down, starts it again on the same address and data, and
// waits until whatever has a readiness path serves again. whileDown's
// failure is reported, not fatal: the binary always comes back.
func (s *Stack) Restart(name string, whileDown func() error) error {
	i := slices.IndexFunc(System, func(spec Spec) bool { return spec.Name == name })
	if i < 0 {
		return fmt.Errorf("no binary %q", name)
	}
	var errs []error
	if p := s.procs[name]; p != nil {
		errs = append(errs, p.stop(StopTimeout))
	}
	if whileDown != nil {
		errs = append(errs, whileDown())
	}
	errs = append(errs, s.start(System[i], s.env, name))
	for _, spec := range System {
		if spec.ReadyPath != "" && spec.Name != name {
			errs = append(errs, s.waitHTTPReady(spec))
		}
	}
	return errors.Join(errs...)
}

// AddReplica starts another process of the named binary, with more flags
// if any, on a port of its own and the same data (another replica of a
// service, or a gateway set up otherwise), and returns its address and how
// to stop it; Stop stops it too.
func (s *Stack) AddReplica(name string, flags ...string) (addr string, stop func() error, err error) {
	i := slices.IndexFunc(System, func(spec Spec) bool { return spec.Name == name })
	if i < 0 {
		return "", nil, fmt.Errorf("no binary %q", name)
	}
	if addr, err = s.address(""); err != nil {
		return "", nil, err
	}
	env := s.env
	env.addrs = maps.Clone(s.env.addrs)
	env.addrs[name] = addr
	s.count++
	replica := fmt.Sprintf("%s-%d", name, s.count)
	s.replicas = append(s.replicas, replica)
	spec := System[i]
	serve := spec.Serve
	spec.Serve = func(e Env) []string { return append(serve(e), flags...) }
	stop = func() error {
		p := s.procs[replica]
		if p == nil {
			return nil
		}
		delete(s.procs, replica)
		return p.stop(StopTimeout)
	}
	return addr, stop, s.start(spec, env, replica)
}

// Kill ends the named binary (or replica) at once, as a crash or a lost
// machine would: no SIGTERM, no graceful shutdown. Restart starts it again.
func (s *Stack) Kill(name string) {
	if p := s.procs[name]; p != nil {
		p.kill()
		delete(s.procs, name)
	}
}

// Binary is the path of the named binary.
func (s *Stack) Binary(name string) string { return filepath.Join(s.opts.BinDir, "liaison-"+name) }

// Dir is the data folder the binaries run in.
func (s *Stack) Dir() string { return s.opts.Dir }

// PID is the process id of the named binary, 0 when it is not running.
func (s *Stack) PID(name string) int {
	if p := s.procs[name]; p != nil {
		return p.cmd.Process.Pid
	}
	return 0
}

// Stop shuts every binary down with SIGTERM, replicas and then the last
// started first, as a deployment would, and reports every one that does not
// exit cleanly.
func (s *Stack) Stop() error {
	order := slices.Clone(s.replicas)
	for i := len(System) - 1; i >= 0; i-- {
		order = append(order, System[i].Name)
	}
	var errs []error
	for _, name := range order {
		if p := s.procs[name]; p != nil {
			errs = append(errs, p.stop(StopTimeout))
			delete(s.procs, name)
		}
	}
	return errors.Join(errs...)
}

// Wait returns when any binary exits, naming it.
func (s *Stack) Wait() string {
	exited := make(chan string, len(s.procs))
	for name, p := range s.procs {
		go func() {
			<-p.exited
			exited <- name
		}()
	}
	return <-exited
}

// Logs returns the end of every binary's log, for a failed run.
func (s *Stack) Logs() string {
	var b strings.Builder
	for _, spec := range System {
		if p := s.procs[spec.Name]; p != nil {
			fmt.Fprintf(&b, "--- %s log (%s), last lines:\n%s\n", p.name, p.logPath, p.logTail(25))
		}
	}
	return b.String()
}
