// Command liaisonctl manages Liaison from the command line: tenants, the
// directory, the LinkedIn settings, mailbox and client policies, the audit
// log, consent and contact sync, configuration as code, and data-subject
// requests. `liaisonctl --help` lists the commands.
package main

import (
	"context"
	"os"

	"github.com/liaisonhq/liaison/cli/internal/ctl"
)

func main() {
	os.Exit(ctl.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
