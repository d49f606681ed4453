// Package config binds a service's settings to command-line flags and
// LIAISON_* environment variables. Each service keeps its settings in one
// struct whose default values are filled in one place (its Default function);
// Bind registers every field once, so --help is the configuration reference.
package config

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/peterbourgon/ff/v3"
)

// EnvPrefix is the prefix of every environment variable Liaison reads.
const EnvPrefix = "LIAISON"

// Binder is a settings struct that can register its fields as flags.
type Binder interface {
	Bind(fs *flag.FlagSet)
}

// Parse registers cfg's flags on a new flag set named name and reads args,
// then LIAISON_* environment variables for flags not given on the command
// line. Flags win over the environment, which wins over defaults. Settings
// embedding Process get their listen addresses moved to loopback under
// --dev unless given.
func Parse(name string, cfg Binder, args []string, out io.Writer) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	cfg.Bind(fs)
	fs.Usage = func() { PrintUsage(fs, out) }
	if err := ff.Parse(fs, args, ff.WithEnvVarPrefix(EnvPrefix)); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q: settings are --flags", fs.Args())
	}
	if p, ok := cfg.(interface{ ProcessSettings() *Process }); ok {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true }) // the environment counts: ff sets through fs.Set
		p.ProcessSettings().loopbackInDev(func(name string) bool { return set[name] })
	}
	return nil
}

// EnvName is the environment variable that sets the named flag.
func EnvName(flagName string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(flagName))
}

// PrintUsage lists every flag with its environment variable and default.
func PrintUsage(fs *flag.FlagSet, out io.Writer) {
	fmt.Fprintf(out, "Usage of %s (flags, or the LIAISON_* variable shown):\n", fs.Name())
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(out, "  --%s  (%s)\n      %s", f.Name, EnvName(f.Name), f.Usage)
		if f.DefValue != "" {
			fmt.Fprintf(out, " (default %q)", f.DefValue)
		}
		fmt.Fprintln(out)
	})
}
