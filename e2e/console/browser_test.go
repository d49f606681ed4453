package console

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// screenshots is where each step's picture goes, kept after the run (CI
// keeps artifacts/): one PNG per step, numbered in scenario order.
const screenshots = "../../artifacts/console-screenshots"

// axeScript is axe-core, from the console's npm packages (make web-deps).
const axeScript = "../../web/node_modules/axe-core/axe.min.js"

// browser is one headless Chromium tab on the console.
type browser struct {
	t    *testing.T
	ctx  context.Context
	step int
	axe  string
}

// newBrowser starts Chromium (Debian's chromium package) with the flags a
// root user on a closed network needs.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromium(t)
	axe, err := os.ReadFile(axeScript)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): run make web-deps", err)
	}
	if err := os.RemoveAll(screenshots); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	)
	allocator, cancelAllocator := chromedp.NewExecAllocator(context.Background(), opts...)
	// The first run starts the browser, which lives as long as its
	// context: five minutes at most for the whole scenario.
	ctx, cancelTime := context.WithTimeout(allocator, 5*time.Minute)
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(func() { cancelTab(); cancelTime(); cancelAllocator() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("chromium did not start: %v", err)
	}
	return &browser{t: t, ctx: ctx, axe: string(axe)}
}

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Fatal("no Chromium found: install Debian's chromium package (.ci/run does)")
	return ""
}

// do runs actions, each bounded by 20 seconds, failing the test with what
// was being done.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.shot("failed-" + slug(what))
		state, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.href + " announced: " + document.getElementById("announcer")?.textContent`))
		b.t.Fatalf("%s: %v (at %s)", what, err, state)
	}
}

// done records a step: its screenshot, then an accessibility check of the
// page as it stands.
func (b *browser) done(name string) {
	b.t.Helper()
	b.step++
	b.shot(fmt.Sprintf("%02d-%s", b.step, name))
	b.checkAccessibility(name)
}

func (b *browser) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(screenshots, name+".png"), png, 0o644); err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
	}
}

// violation is what axe-core reports of one rule broken on the page.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// checkAccessibility runs axe-core (injected into the page) and fails on
// any serious or critical violation.
func (b *browser) checkAccessibility(page string) {
	b.t.Helper()
	inject := `if (typeof axe === "undefined") { (0, eval)(` + jsString(b.axe) + `) }; true`
	run := `axe.run(document, {resultTypes: ["violations"]}).then((r) => JSON.stringify(r.violations))`
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](inject)); err != nil {
		b.t.Fatalf("axe into %s: %v", page, err)
	}
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("axe on %s: %v", page, err)
	}
	var found []violation
	if err := json.Unmarshal([]byte(raw), &found); err != nil {
		b.t.Fatalf("axe on %s: %v", page, err)
	}
	for _, v := range found {
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Errorf("%s: %s accessibility violation %s (%s) at %v", page, v.Impact, v.ID, v.Help, v.Nodes)
		}
	}
}

func jsString(s string) string {
	quoted, _ := json.Marshal(s)
	return string(quoted)
}

var notWord = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	return strings.Trim(notWord.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// phoneWidth shows the page as a phone would (390 CSS pixels wide), or
// again as the desktop window.
func phoneWidth(on bool) chromedp.Action[chromedp.Void] {
	if !on {
		return chromedp.EmulateReset()
	}
	return chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulatePortrait)
}
