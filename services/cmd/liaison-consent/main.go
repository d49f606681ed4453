// Command liaison-consent runs the Liaison consent service.
package main

import (
	"os"

	"github.com/liaisonhq/liaison/services/consent/app"
	"github.com/liaisonhq/liaison/services/internal/platform/cli"
)

func main() {
	os.Exit(cli.Main("consent", app.Defaults, app.Commands(), os.Args[1:], os.Stderr))
}
