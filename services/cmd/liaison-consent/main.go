// Command liaison-consent runs the Liaison consent service.
package main

import (
	"os"

	"github.com/liaisonhq/liaison/services/consent/app"
)

func main() {
	os.Exit(app.Service.Main(os.Args[1:], os.Stderr))
}
