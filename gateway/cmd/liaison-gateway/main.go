// Command liaison-gateway serves the HTTP/JSON API of the Liaison services.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/liaisonhq/liaison/gateway/internal/config"
	"github.com/liaisonhq/liaison/gateway/internal/server"
	"github.com/liaisonhq/liaison/gateway/internal/telemetry"
)

const usage = `Usage: liaison-gateway <command> [flags]

Commands:
  serve   serve the HTTP/JSON API; "liaison-gateway serve --help" lists every setting
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		os.Exit(serve(os.Args[2:]))
	case "help", "-h", "-help", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
}

// serve runs the gateway until SIGINT or SIGTERM and returns the exit code.
func serve(args []string) int {
	cfg, err := config.Parse("liaison-gateway serve", args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "liaison-gateway serve:", err)
		return 2
	}
	logger := telemetry.NewLogger(os.Stderr, cfg.LogLevel)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := server.Run(ctx, cfg, logger); err != nil {
		logger.Error("gateway failed", "error", err)
		return 1
	}
	return 0
}
