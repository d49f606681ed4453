// Command liaison-linkedin-sim runs the LinkedIn simulator: an HTTP server
// that stands in for the professional network in development and tests.
// Everything but reading the settings lives in package linkedinsim.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/logging"
	"github.com/liaisonhq/liaison/services/linkedinsim"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run is main with its inputs made explicit; it returns the exit code.
func run(args []string, stderr io.Writer) int {
	usage := func() {
		fmt.Fprint(stderr, "Usage: liaison-linkedin-sim COMMAND [flags]\n\nCommands:\n"+
			"  serve      serve the simulated LinkedIn API, its OAuth endpoints and the /sim/ admin API\n\n"+
			"Run liaison-linkedin-sim serve --help for the settings.\n")
	}
	if len(args) == 0 || args[0] != "serve" {
		if len(args) > 0 && args[0] != "help" && args[0] != "--help" && args[0] != "-h" {
			fmt.Fprintf(stderr, "unknown command %q\n\n", args[0])
		}
		usage()
		return 2
	}
	settings := linkedinsim.Defaults()
	if err := config.Parse("liaison-linkedin-sim serve", settings, args[1:], stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	logger, err := logging.New(stderr, settings.LogLevel, "linkedin-sim")
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	slog.SetDefault(logger)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := linkedinsim.Serve(ctx, settings, logger); err != nil {
		logger.Error("serve failed", "error", err)
		return 1
	}
	return 0
}
