package launch

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// Build compiles every binary of System from the repository at root into
// binDir: one `go build` per module, run inside the module so the
// workspace applies and the binaries are those of the working tree.
func Build(ctx context.Context, root, binDir string) error {
	var modules []string
	packages := map[string][]string{}
	for _, spec := range System {
		if _, ok := packages[spec.Module]; !ok {
			modules = append(modules, spec.Module)
		}
		packages[spec.Module] = append(packages[spec.Module], spec.Package)
	}
	for _, module := range modules {
		// With several packages, -o names a folder.
		args := append([]string{"build", "-buildvcs=false", "-o", binDir + string(filepath.Separator)}, packages[module]...)
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = filepath.Join(root, module)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s in %s: %w\n%s", strings.Join(args, " "), module, err, out)
		}
	}
	return nil
}
