// Command liaison-stack runs the whole system on this machine, from the
// launcher's table (platform/launch): the LinkedIn simulator, policy,
// consent, contact-sync and the gateway, with embedded SQLite and the demo data in
// data/, on the usual local ports. `make run` runs it; Ctrl-C stops
// everything.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/liaisonhq/liaison/platform/launch"
)

// addrs are the ports the README's examples use.
var addrs = map[string]string{
	"linkedin-sim": "localhost:8090",
	"policy":       "localhost:9101",
	"consent":      "localhost:9102",
	"contact-sync": "localhost:9103",
	"gateway":      "localhost:8080",
}

const banner = `
Liaison is running (logs in data/*.log); Ctrl-C stops it.
  Console:  %[1]s/   (open it in a browser; dev sign-in lists the demo people)
  Gateway:  %[1]s   (OpenAPI: %[1]s/openapi.json)
  Policy:   %[2]s (gRPC)      Consent: %[3]s (gRPC)      Contact sync: %[5]s (gRPC)
  LinkedIn simulator: %[4]s (admin API under /sim/)

Get a dev token for the demo admin:
  TOKEN=$(curl -s -X POST %[1]s/dev/token -H 'Content-Type: application/json' \
    -d '{"tenant":"contoso","user":"admin","roles":["TenantAdmin"]}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
Then, for example:
  curl -H "Authorization: Bearer $TOKEN" %[1]s/v1/tenants/contoso/linkedinSettings
Or with the command line (bin/liaisonctl, built by make build):
  bin/liaisonctl dev-token --tenant contoso --user admin --role TenantAdmin --save
  bin/liaisonctl linkedin get --tenant contoso

`

func main() {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "liaison-stack:", err)
		os.Exit(1)
	}
	stack, err := launch.Start(launch.Options{BinDir: filepath.Dir(self), Dir: "data", Addrs: addrs})
	if err != nil {
		fmt.Fprintln(os.Stderr, "liaison-stack: Liaison did not start:", err)
		os.Exit(1)
	}
	fmt.Printf(banner, stack.URL("gateway"), stack.Addr("policy"), stack.Addr("consent"), stack.URL("linkedin-sim"), stack.Addr("contact-sync"))

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	exited := make(chan string, 1)
	go func() { exited <- stack.Wait() }()
	code := 0
	select {
	case <-signals:
	case name := <-exited:
		fmt.Fprintf(os.Stderr, "liaison-%s exited; stopping the rest.\n", name)
		code = 1
	}
	if err := stack.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "liaison-stack:", err)
		code = 1
	}
	fmt.Println("Liaison stopped.")
	os.Exit(code)
}
