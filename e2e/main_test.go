package e2e

import (
	"os"
	"testing"

	"github.com/liaisonhq/liaison/e2e/internal/suite"
	"github.com/liaisonhq/liaison/platform/launch"
)

// sut is the system under test, started once for the whole suite: booting
// it per test would cost seconds each. Tests that change a tenant create
// their own tenant, so they do not depend on each other's order.
var sut *stack

func TestMain(m *testing.M) {
	os.Exit(suite.Run(m, suite.Options{Root: "..", Build: suite.BuildWithCLI}, func(st *launch.Stack) error {
		var err error
		sut, err = newStack(st)
		return err
	}))
}
