// Command liaison-policy runs the Liaison policy service.
package main

import (
	"os"

	"github.com/liaisonhq/liaison/services/policy/app"
)

func main() {
	os.Exit(app.Service.Main(os.Args[1:], os.Stderr))
}
