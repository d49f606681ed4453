package config

import (
	"flag"
	"fmt"
	"strings"
)

// PrintUsage writes the reference of every setting: flag, environment
// variable, default and meaning. It is what --help shows.
func PrintUsage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprintf(w, "Usage: %s [flags]\n\nEvery flag can also be set by the environment variable shown; a flag wins.\n\n", fs.Name())
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(w, "  --%s  (%s, default %q)\n      %s\n", f.Name, EnvVar(f.Name), f.DefValue, f.Usage)
	})
}

// EnvVar is the environment variable bound to a flag, the way ff derives it.
func EnvVar(flagName string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}
