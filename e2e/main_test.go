package e2e

import (
	"fmt"
	"os"
	"testing"
)

// sut is the system under test, started once for the whole suite: booting
// it per test would cost seconds each. Tests that change a tenant create
// their own tenant, so they do not depend on each other's order.
var sut *stack

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "liaison-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	s, err := startStack(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: start:", err)
		fmt.Fprintf(os.Stderr, "e2e: working folder kept: %s\n", dir)
		return 1
	}
	sut = s

	code := m.Run()

	if err := s.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: shutdown:", err)
		code = 1
	}
	if code != 0 {
		fmt.Fprint(os.Stderr, s.Logs())
		fmt.Fprintf(os.Stderr, "e2e: working folder kept: %s\n", dir)
		return code
	}
	_ = os.RemoveAll(dir)
	return 0
}
