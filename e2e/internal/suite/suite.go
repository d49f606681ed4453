// Package suite runs an end-to-end test package against the whole system:
// every binary of the launcher's table, built from this checkout and
// started with the demo data in a temporary folder, on free ports.
package suite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/launch"
)

// Options say how a package's system is built and started.
type Options struct {
	// Root is the repository's root, relative to the test package.
	Root string
	// Flags are more serve flags, by binary (launch.Options.Flags).
	Flags map[string][]string
	// Build builds the binaries into bin; launch.Build when nil.
	Build func(ctx context.Context, root, bin string) error
}

// Run builds and starts the system, hands it to started, runs the tests
// and stops it. When anything fails, it prints the binaries' logs and
// keeps the folder.
func Run(m *testing.M, opts Options, started func(*launch.Stack) error) int {
	dir, err := os.MkdirTemp("", "liaison-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	build := opts.Build
	if build == nil {
		build = launch.Build
	}
	bin := filepath.Join(dir, "bin")
	if err := build(context.Background(), opts.Root, bin); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: build:", err)
		return 1
	}
	st, err := launch.Start(launch.Options{BinDir: bin, Dir: dir, Env: Environment(), Flags: opts.Flags})
	if err == nil {
		err = started(st)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: start:", err)
		fmt.Fprintf(os.Stderr, "e2e: working folder kept: %s\n", dir)
		if st != nil {
			_ = st.Stop()
		}
		return 1
	}

	code := m.Run()

	if err := st.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: shutdown:", err)
		code = 1
	}
	if code != 0 {
		fmt.Fprint(os.Stderr, st.Logs())
		fmt.Fprintf(os.Stderr, "e2e: working folder kept: %s\n", dir)
		return code
	}
	_ = os.RemoveAll(dir)
	return 0
}

// Environment is this process's environment without LIAISON_* variables:
// the binaries read their settings from those too, and a developer's shell
// must not change what the suite runs against.
func Environment() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LIAISON_") {
			env = append(env, kv)
		}
	}
	return env
}
