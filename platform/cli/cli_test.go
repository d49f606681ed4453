package cli_test

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/cli"
	"github.com/liaisonhq/liaison/platform/config"
)

// settings are a binary's settings with one setting of its own.
type settings struct {
	config.Process
	Answer int
}

func (s *settings) Bind(fs *flag.FlagSet) {
	s.Process.Bind(fs)
	fs.IntVar(&s.Answer, "answer", s.Answer, "the answer")
}

func (s *settings) Validate() error {
	if s.Answer != 42 {
		return errors.New("--answer must be 42")
	}
	return s.Process.Validate()
}

func run(t *testing.T, args ...string) (code int, ran bool, stderr string) {
	t.Helper()
	var out strings.Builder
	commands := []cli.Command[*settings]{{Name: "serve", Help: "serve", Run: func(context.Context, *settings, *slog.Logger) error {
		ran = true
		return nil
	}}}
	defaults := func() *settings { return &settings{Process: config.DefaultProcess("test"), Answer: 42} }
	code = cli.Main("test", defaults, commands, args, &out)
	return code, ran, out.String()
}

func TestCommandRunsWithValidSettings(t *testing.T) {
	if code, ran, out := run(t, "serve"); code != 0 || !ran {
		t.Errorf("exit %d, ran %v: %s", code, ran, out)
	}
}

func TestInvalidSettingsStopTheCommandBeforeItRuns(t *testing.T) {
	for _, args := range [][]string{{"serve", "--answer=41"}, {"serve", "--log-level=loud"}, {"serve", "stray"}} {
		code, ran, out := run(t, args...)
		if code != 2 || ran {
			t.Errorf("%v: exit %d, ran %v", args, code, ran)
		}
		if !strings.Contains(out, "liaison-test serve") {
			t.Errorf("%v: message does not say which binary: %s", args, out)
		}
	}
	if _, _, out := run(t, "serve", "--answer=41"); !strings.Contains(out, "--answer must be 42") {
		t.Errorf("message does not name the flag: %s", out)
	}
}

func TestUnknownCommandListsTheCommands(t *testing.T) {
	if code, ran, out := run(t, "fly"); code != 2 || ran || !strings.Contains(out, "serve") {
		t.Errorf("exit %d, ran %v: %s", code, ran, out)
	}
}
