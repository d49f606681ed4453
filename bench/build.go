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
	gateway string
}

// buildBinaries compiles policy and the gateway into dir. They are built
// fresh each run, so the numbers always describe the code in the tree rather
// than whatever an older `make build` left in bin/.
func buildBinaries(ctx context.Context, root, dir string) (binaries, error) {
	b := binaries{
		policy:  filepath.Join(dir, "liaison-policy"),
		gateway: filepath.Join(dir, "liaison-gateway"),
	}
	if err := goBuild(ctx, filepath.Join(root, "services"), "./cmd/liaison-policy", b.policy); err != nil {
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
