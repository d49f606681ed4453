// Package gateway_test guards the gateway module's dependency boundary.
package gateway_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The gateway stands on the API (proto) and the platform only: a gateway
// package importing a service's internals would tie the gateway's releases
// to the services' code and let service code run in the gateway.
func TestGatewayImportsOnlyProtoAndPlatform(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-test", "-f", "{{.ImportPath}}", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	allowed := []string{
		"github.com/liaisonhq/liaison/gateway",
		"github.com/liaisonhq/liaison/proto",
		"github.com/liaisonhq/liaison/platform",
	}
	for _, pkg := range strings.Fields(string(out)) {
		if !strings.HasPrefix(pkg, "github.com/liaisonhq/liaison/") {
			continue // the standard library and third-party modules
		}
		pkg = strings.TrimSuffix(strings.TrimSuffix(pkg, ".test"), "_test") // this test's own package
		ok := false
		for _, a := range allowed {
			ok = ok || pkg == a || strings.HasPrefix(pkg, a+"/")
		}
		if !ok {
			t.Errorf("the gateway depends on %s: it may import only proto and platform", pkg)
		}
	}
}
