// Command liaison-contact-sync runs the Liaison contact-sync service.
package main

import (
	"os"

	"github.com/liaisonhq/liaison/services/contactsync/app"
)

func main() {
	os.Exit(app.Service.Main(os.Args[1:], os.Stderr))
}
