// Command liaison-policy runs the Liaison policy service.
package main

import (
	"os"

	"github.com/liaisonhq/liaison/platform/cli"
	"github.com/liaisonhq/liaison/services/policy/app"
)

func main() {
	os.Exit(cli.Main("policy", app.Defaults, app.Commands(), os.Args[1:], os.Stderr))
}
