// Package images checks what the container images hold, where no container
// engine runs: the binaries that `make build-static` builds (the target
// deploy/docker/Dockerfile builds them with) are static, and the whole
// system starts from them and serves.
package images

import (
	"context"
	"debug/elf"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/e2e/internal/suite"
	"github.com/liaisonhq/liaison/platform/launch"
)

var (
	system *launch.Stack
	bin    string
)

func TestMain(m *testing.M) {
	os.Exit(suite.Run(m, suite.Options{Root: "../..", Build: buildStatic}, func(st *launch.Stack) error {
		system = st
		return nil
	}))
}

// buildStatic builds the binaries with the Makefile's target, so the flags
// checked are the images' own.
func buildStatic(ctx context.Context, root, dir string) error {
	bin = dir
	cmd := exec.CommandContext(ctx, "make", "--no-print-directory", "-C", root, "build-static", "STATIC_BIN="+dir)
	cmd.Env = suite.Environment()
	if out, err := cmd.CombinedOutput(); err != nil {
		return &buildError{err: err, out: string(out)}
	}
	return nil
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "make build-static: " + e.err.Error() + "\n" + e.out }

// TestBinariesAreStatic: no dynamic loader and no shared library, so they
// run in an image holding nothing else; and no symbol table.
func TestBinariesAreStatic(t *testing.T) {
	for _, spec := range launch.System {
		path := filepath.Join(bin, "liaison-"+spec.Name)
		f, err := elf.Open(path)
		if err != nil {
			t.Fatalf("%s: %v", spec.Name, err)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
				t.Errorf("%s is linked dynamically (program header %v)", spec.Name, p.Type)
			}
		}
		if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
			t.Errorf("%s needs shared libraries %v", spec.Name, libs)
		}
		if syms, err := f.Symbols(); err == nil && len(syms) > 0 {
			t.Errorf("%s keeps %d symbols: built without -s", spec.Name, len(syms))
		}
		_ = f.Close()
	}
}

// TestTheSystemServesFromTheStaticBinaries: the launcher started every
// binary from them, and each answered its readiness check; the gateway
// serves the console and the API.
func TestTheSystemServesFromTheStaticBinaries(t *testing.T) {
	for _, spec := range launch.System {
		if system.Addr(spec.Name) == "" {
			t.Errorf("%s is not running", spec.Name)
		}
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, path := range []string{"/readyz", "/", "/openapi.json"} {
		resp, err := client.Get(system.URL("gateway") + path)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s from the static gateway: %s", path, resp.Status)
		}
	}
}
