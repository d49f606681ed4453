// Command liaison-gateway serves the HTTP/JSON API of the Liaison services.
package main

import (
	"os"

	"github.com/liaisonhq/liaison/gateway/internal/server"
	"github.com/liaisonhq/liaison/platform/cli"
)

func main() {
	tuneGC()
	os.Exit(cli.Main("gateway", server.Defaults, server.Commands(), os.Args[1:], os.Stderr))
}
