// Package console clicks through ../shared/docs/PRODUCT.md's scenario in
// the web console, in headless Chromium, against the stack `make run`
// starts (the launcher's table, the demo data), saving a screenshot of each
// step and checking every page with axe-core.
package console

import (
	"os"
	"testing"

	"github.com/liaisonhq/liaison/e2e/internal/suite"
	"github.com/liaisonhq/liaison/platform/launch"
)

// demo is the system under test, started once: the whole scenario runs in
// one test, since each step builds on the last, as a person's session does.
var demo *launch.Stack

func TestMain(m *testing.M) {
	os.Exit(suite.Run(m, suite.Options{Root: "../.."}, func(st *launch.Stack) error {
		demo = st
		return nil
	}))
}
