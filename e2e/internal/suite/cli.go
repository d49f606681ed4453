package suite

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"

	"github.com/liaisonhq/liaison/platform/launch"
)

// Liaisonctl is the path of the CLI BuildWithCLI built.
var Liaisonctl string

// BuildWithCLI builds the system's binaries (launch.Build) and liaisonctl
// beside them, for packages that drive the system from the command line.
func BuildWithCLI(ctx context.Context, root, bin string) error {
	if err := launch.Build(ctx, root, bin); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-buildvcs=false", "-o", bin+string(filepath.Separator), "./cmd/liaisonctl")
	cmd.Dir = filepath.Join(root, "cli")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build liaisonctl: %w\n%s", err, out)
	}
	Liaisonctl = filepath.Join(bin, "liaisonctl")
	return nil
}
