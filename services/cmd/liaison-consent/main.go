// Command liaison-consent runs the Liaison consent service.
package main

import (
	"os"

	"github.com/liaisonhq/liaison/platform/cli"
	"github.com/liaisonhq/liaison/services/consent/app"
)

func main() {
	os.Exit(cli.Main("consent", app.Defaults, app.Commands(), os.Args[1:], os.Stderr))
}
