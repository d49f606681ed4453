// Package browser drives the web console in headless Chromium (Debian's
// chromium, through chromedp) for end-to-end tests: each step's actions
// bounded in time, a screenshot per step, and an axe-core accessibility
// check of each page.
package browser

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

// The window's size, a laptop's.
const desktopWidth, desktopHeight = 1280, 900

// Browser is one headless Chromium tab.
type Browser struct {
	t     *testing.T
	ctx   context.Context
	shots string // the folder of this run's screenshots
	step  int
	axe   string
}

// New starts Chromium with the flags a root user on a closed network
// needs. Screenshots go to shots, emptied first; axeScript is axe-core's
// axe.min.js (web/node_modules after make web-deps).
func New(t *testing.T, shots, axeScript string) *Browser {
	t.Helper()
	path := chromium(t)
	axe, err := os.ReadFile(axeScript)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): run make web-deps", err)
	}
	if err := os.RemoveAll(shots); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(desktopWidth, desktopHeight),
	)
	allocator, cancelAllocator := chromedp.NewExecAllocator(context.Background(), opts...)
	// The first run starts the browser, which lives as long as its
	// context: five minutes at most for a whole test.
	ctx, cancelTime := context.WithTimeout(allocator, 5*time.Minute)
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(func() { cancelTab(); cancelTime(); cancelAllocator() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("chromium did not start: %v", err)
	}
	return &Browser{t: t, ctx: ctx, shots: shots, axe: string(axe)}
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

// Do runs actions, bounded by 20 seconds, failing the test with what was
// being done, where the page was and what it last announced.
func (b *Browser) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.shot("failed-" + slug(what))
		state, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.href + " announced: " + document.getElementById("announcer")?.textContent`))
		b.t.Fatalf("%s: %v (at %s)", what, err, state)
	}
}

// Done records a step: its screenshot, then an accessibility check of the
// page as it stands.
func (b *Browser) Done(name string) {
	b.t.Helper()
	b.step++
	b.shot(fmt.Sprintf("%02d-%s", b.step, name))
	b.checkAccessibility(name)
}

func (b *Browser) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
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
func (b *Browser) checkAccessibility(page string) {
	b.t.Helper()
	inject := `if (typeof axe === "undefined") { (0, eval)(` + JSString(b.axe) + `) }; true`
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

// WantText fails unless the element's text contains want.
func (b *Browser) WantText(xpath, want string) {
	b.t.Helper()
	text, err := chromedp.Run(b.ctx, chromedp.Text(xpath))
	if err != nil {
		b.t.Fatalf("read %s: %v", xpath, err)
	}
	if !strings.Contains(text, want) {
		b.t.Errorf("%s reads %q, want %q in it", xpath, text, want)
	}
}

// WantChecked fails unless the radio button or checkbox with id is
// checked.
func (b *Browser) WantChecked(id string) {
	b.t.Helper()
	checked, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.getElementById(`+JSString(id)+`)?.checked === true`))
	if err != nil {
		b.t.Fatalf("read %s: %v", id, err)
	}
	if !checked {
		b.t.Errorf("%s is not checked", id)
	}
}

// WantNone fails if any element matches.
func (b *Browser) WantNone(xpath, what string) {
	b.t.Helper()
	count, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.evaluate(`+JSString(xpath)+`, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null).snapshotLength`))
	if err != nil {
		b.t.Fatalf("count %s: %v", what, err)
	}
	if count != 0 {
		b.t.Errorf("found %d of %s", count, what)
	}
}

// JSString is s as a JavaScript (and XPath) string literal.
func JSString(s string) string {
	quoted, _ := json.Marshal(s)
	return string(quoted)
}

var notWord = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	return strings.Trim(notWord.ReplaceAllString(strings.ToLower(s), "-"), "-")
}
