// Command liaison-profile-card runs the Liaison profile-card service.
package main

import (
	"os"

	"github.com/liaisonhq/liaison/services/profilecard/app"
)

func main() {
	os.Exit(app.Service.Main(os.Args[1:], os.Stderr))
}
