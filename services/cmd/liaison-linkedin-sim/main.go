// Command liaison-linkedin-sim runs the LinkedIn simulator: an HTTP server
// that stands in for the professional network in development and tests.
// Everything but the shared main lives in package linkedinsim.
package main

import (
	"os"

	"github.com/liaisonhq/liaison/platform/cli"
	"github.com/liaisonhq/liaison/services/linkedinsim"
)

func main() {
	os.Exit(cli.Main("linkedin-sim", linkedinsim.Defaults, linkedinsim.Commands(), os.Args[1:], os.Stderr))
}
