// Package cli is the shared main of every Liaison service binary: it picks
// the subcommand, reads the settings from flags and LIAISON_* variables,
// sets up logging, and runs the command until SIGINT or SIGTERM.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"syscall"

	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/logging"
)

// Settings is a service's settings struct.
type Settings interface {
	config.Binder
	// Base returns the settings every service shares.
	Base() *config.Common
}

// Command is one subcommand, such as serve or migrate.
type Command[S Settings] struct {
	Name string
	Help string
	Run  func(ctx context.Context, settings S, logger *slog.Logger) error
}

// Main runs the subcommand named by args[0] and returns the exit code.
func Main[S Settings](service string, defaults func() S, commands []Command[S], args []string, stderr io.Writer) int {
	usage := func() {
		fmt.Fprintf(stderr, "Usage: liaison-%s COMMAND [flags]\n\nCommands:\n", service)
		for _, c := range commands {
			fmt.Fprintf(stderr, "  %-10s %s\n", c.Name, c.Help)
		}
		fmt.Fprintf(stderr, "\nRun liaison-%s COMMAND --help for the settings.\n", service)
	}
	if len(args) == 0 {
		usage()
		return 2
	}
	i := slices.IndexFunc(commands, func(c Command[S]) bool { return c.Name == args[0] })
	if i < 0 {
		if args[0] != "help" && args[0] != "--help" && args[0] != "-h" {
			fmt.Fprintf(stderr, "unknown command %q\n\n", args[0])
		}
		usage()
		return 2
	}
	cmd, settings := commands[i], defaults()
	if err := config.Parse("liaison-"+service+" "+cmd.Name, settings, args[1:], stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	logger, err := logging.New(stderr, settings.Base().LogLevel, service)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	slog.SetDefault(logger)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cmd.Run(ctx, settings, logger); err != nil && !errors.Is(err, context.Canceled) {
		logger.Error(cmd.Name+" failed", "error", err)
		return 1
	}
	return 0
}
