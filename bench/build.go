package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// binaries are the programs under test, built from the working tree.
type binaries struct {
	policy  string
	consent string
	sim     string // the LinkedIn simulator, which consent connects users through
	gateway string
}

// buildBinaries compiles the services (policy, consent, the LinkedIn
// simulator) and the gateway into dir. They are built fresh each run, so the
// numbers always describe the code in the tree rather than whatever an older
// `make build` left in bin/.
func buildBinaries(ctx context.Context, root, dir string) (binaries, error) {
	b := binaries{
		policy:  filepath.Join(dir, "liaison-policy"),
		consent: filepath.Join(dir, "liaison-consent"),
		sim:     filepath.Join(dir, "liaison-linkedin-sim"),
		gateway: filepath.Join(dir, "liaison-gateway"),
	}
	// One build for every command of the services module: with -o naming a
	// folder, each lands there under its own name.
	if err := goBuild(ctx, filepath.Join(root, "services"), "./cmd/...", dir+string(filepath.Separator)); err != nil {
		return b, err
	}
	if err := goBuild(ctx, filepath.Join(root, "gateway"), "./cmd/liaison-gateway", b.gateway); err != nil {
		return b, err
	}
	return b, nil
}

func goBuild(ctx context.Context, moduleDir, pkg, out string) error {
	// -buildvcs=false: the tree may have no commits yet, and stamping VCS
	// data would then fail the build.
	cmd := exec.CommandContext(ctx, "go", "build", "-buildvcs=false", "-o", out, pkg)
	cmd.Dir = moduleDir
	output, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go build %s in %s: %w\n%s", pkg, moduleDir, err, strings.TrimSpace(string(output)))
	}
	return nil
}
