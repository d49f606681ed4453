// Package cli is the shared main of every Liaison binary: it picks the
// subcommand, reads the settings from flags and LIAISON_* variables, refuses
// settings that cannot work, sets up logging, and runs the command until
// SIGINT or SIGTERM.
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

// Settings is a binary's settings struct: it binds its flags, hands out the
// settings every binary shares (by embedding config.Process or
// config.Common), and refuses a bad combination.
type Settings interface {
	config.Binder
	ProcessSettings() *config.Process
	// Validate names every setting that cannot work, so the binary fails at
	// start rather than on the first request.
	Validate() error
}

// Command is one subcommand, such as serve or migrate.
type Command[S Settings] struct {
	Name string
	Help string
	Run  func(ctx context.Context, settings S, logger *slog.Logger) error
}

// Main runs the subcommand of liaison-NAME named by args[0] and returns the
// exit code. NAME is also the service attribute of every log record.
func Main[S Settings](name string, defaults func() S, commands []Command[S], args []string, stderr io.Writer) int {
	binary := "liaison-" + name
	usage := func() {
		fmt.Fprintf(stderr, "Usage: %s COMMAND [flags]\n\nCommands:\n", binary)
		for _, c := range commands {
			fmt.Fprintf(stderr, "  %-10s %s\n", c.Name, c.Help)
		}
		fmt.Fprintf(stderr, "\nRun %s COMMAND --help for the settings.\n", binary)
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
	if err := config.Parse(binary+" "+cmd.Name, settings, args[1:], stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "%s %s: %v\n", binary, cmd.Name, err)
		return 2
	}
	if err := settings.Validate(); err != nil {
		fmt.Fprintf(stderr, "%s %s: invalid settings:\n%v\n", binary, cmd.Name, err)
		return 2
	}
	logger, err := logging.New(stderr, settings.ProcessSettings().LogLevel, name)
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
