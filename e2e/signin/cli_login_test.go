package signin

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/e2e/internal/suite"
)

// TestCLILogin: liaisonctl signs in with the provider (code flow with PKCE
// through a loopback listener, and the device flow), keeps the tokens in
// its config file readable by its owner only, and renews an expired access
// token with the refresh token.
func TestCLILogin(t *testing.T) {
	config := filepath.Join(t.TempDir(), "liaisonctl.yaml")
	settings := fmt.Sprintf("policy: %s\nconsent: %s\ncontactSync: %s\ntenant: contoso\nlogin:\n  clientId: liaisonctl\n",
		demo.Addr("policy"), demo.Addr("consent"), demo.Addr("contact-sync"))
	if err := os.WriteFile(config, []byte(settings), 0o600); err != nil {
		t.Fatal(err)
	}
	ctl := func(ctx context.Context, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, suite.Liaisonctl, args...)
		cmd.Env = append(suite.Environment(), "LIAISONCTL_CONFIG="+config)
		return cmd
	}
	run := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		cmd := ctl(t.Context(), args...)
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("liaisonctl %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errOut.String())
		}
		return out.String()
	}
	savedToken := func() (token, expiry string) {
		t.Helper()
		b, err := os.ReadFile(config)
		if err != nil {
			t.Fatal(err)
		}
		if info, _ := os.Stat(config); info.Mode().Perm() != 0o600 {
			t.Errorf("the config file holding tokens has mode %v, want 0600", info.Mode().Perm())
		}
		if !strings.Contains(string(b), "refreshToken: ") {
			t.Errorf("no refresh token kept:\n%s", b)
		}
		return field(t, b, "token"), field(t, b, "expiry")
	}

	// The code flow: the test is the browser, following the address
	// liaisonctl prints to the provider and back to liaisonctl's listener.
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	login := ctl(ctx, "login", "--issuer", provider.Issuer(), "--no-browser")
	stderr, err := login.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := login.Start(); err != nil {
		t.Fatal(err)
	}
	address := waitFor(t, stderr, regexp.MustCompile(`^\s+(http://\S+/authorize\?\S+)$`))
	resp, err := http.Get(address)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "Signed in") {
		t.Fatalf("the browser came back to %s: %s\n%s", resp.Request.URL, resp.Status, page)
	}
	if err := login.Wait(); err != nil {
		t.Fatalf("login: %v", err)
	}
	first, _ := savedToken()
	if !strings.Contains(run("linkedin", "get"), "ENABLED") {
		t.Error("linkedin get with the provider's token did not show the setting")
	}

	// An expired access token is renewed with the refresh token, and the
	// new one is kept.
	b, _ := os.ReadFile(config)
	expired := regexp.MustCompile(`(?m)^(\s+expiry: ).*$`).ReplaceAll(b, []byte(`${1}"2001-01-01T00:00:00Z"`))
	if err := os.WriteFile(config, expired, 0o600); err != nil {
		t.Fatal(err)
	}
	run("users", "get", "alice")
	renewed, expiry := savedToken()
	if renewed == first || strings.HasPrefix(expiry, `"2001`) {
		t.Errorf("after a call with an expired token: token renewed %v, expiry %s", renewed != first, expiry)
	}

	// The device flow: the code is approved elsewhere, as on a phone.
	login = ctl(ctx, "login", "--device")
	stderr, err = login.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := login.Start(); err != nil {
		t.Fatal(err)
	}
	code := waitFor(t, stderr, regexp.MustCompile(`enter the code (\S+)$`))
	if !provider.Approve(code) {
		t.Fatalf("the provider has no device sign-in with code %q", code)
	}
	if err := login.Wait(); err != nil {
		t.Fatalf("login --device: %v", err)
	}
	if device, _ := savedToken(); device == renewed {
		t.Error("the device flow kept no new token")
	}
	run("groups", "list")
	if out := run("config", "view"); strings.Contains(out, renewed) || !strings.Contains(out, "(hidden)") {
		t.Errorf("config view shows a token:\n%s", out)
	}
}

// waitFor reads lines from r until one matches, and returns its first
// group; the rest of r is drained so the process never blocks on it.
func waitFor(t *testing.T, r io.Reader, pattern *regexp.Regexp) string {
	t.Helper()
	lines := bufio.NewScanner(r)
	var seen []string
	for lines.Scan() {
		if m := pattern.FindStringSubmatch(lines.Text()); m != nil {
			go func() { _, _ = io.Copy(io.Discard, r) }()
			return m[1]
		}
		seen = append(seen, lines.Text())
	}
	t.Fatalf("no line matching %s in:\n%s", pattern, strings.Join(seen, "\n"))
	return ""
}

// field is the value of a "key: value" line of the config file.
func field(t *testing.T, yaml []byte, key string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^\s+` + key + `: (.*)$`).FindSubmatch(yaml)
	if m == nil {
		t.Fatalf("no %s in the config file:\n%s", key, yaml)
	}
	return string(m[1])
}
