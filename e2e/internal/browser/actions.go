package browser

import (
	"context"
	"fmt"

	"github.com/chromedp/chromedp"
)

// Visible waits until the element the XPath names is shown.
func Visible(xpath string) chromedp.Action[chromedp.Void] { return chromedp.WaitVisible(xpath) }

// Click clicks the element the XPath names once it is shown. The click is
// the element's own (HTMLElement.click, with the events a pointer's click
// sends), not one at the coordinates it had a moment ago: a section above
// that finishes loading in between would move it, and a click by position
// would land on whatever took its place.
func Click(xpath string) chromedp.Action[chromedp.Void] {
	click := chromedp.Evaluate[bool](`(() => { const el = document.evaluate(` + JSString(xpath) +
		`, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue; if (!el) return false;` +
		` el.scrollIntoView({block: "center"}); el.focus(); el.click(); return true })()`)
	return chromedp.Steps(chromedp.WaitVisible(xpath), func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		clicked, err := click(ctx, t)
		if err == nil && !clicked {
			err = fmt.Errorf("%s went before it could be clicked", xpath)
		}
		return chromedp.Void{}, err
	})
}

// Announced waits until the page's live region has said message.
func Announced(message string) chromedp.Action[chromedp.Void] {
	// The region is visually hidden: present is what counts.
	return chromedp.WaitReady(`//div[@id="announcer"][contains(., ` + JSString(message) + `)]`)
}

// ReplaceText selects the field's text and types text over it, as a
// person does to search again.
func ReplaceText(xpath, text string) chromedp.Action[chromedp.Void] {
	selectAll := chromedp.Evaluate[bool](`(() => { const field = document.evaluate(` + JSString(xpath) +
		`, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue; field.focus(); field.select(); return true })()`)
	return chromedp.Steps(chromedp.WaitVisible(xpath), ignoreValue(selectAll), chromedp.SendKeys(xpath, text))
}

// Choose picks the option of value in the select the XPath names, as a
// person does: the page hears the change. It fails when there is no such
// option.
func Choose(xpath, value string) chromedp.Action[chromedp.Void] {
	pick := chromedp.Evaluate[bool](`(() => { const s = document.evaluate(` + JSString(xpath) +
		`, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue; s.value = ` + JSString(value) +
		`; if (s.value !== ` + JSString(value) + `) return false; s.dispatchEvent(new Event("change", {bubbles: true})); return true })()`)
	return chromedp.Steps(chromedp.WaitVisible(xpath), func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		picked, err := pick(ctx, t)
		if err == nil && !picked {
			err = fmt.Errorf("%s has no option %q", xpath, value)
		}
		return chromedp.Void{}, err
	})
}

// PhoneWidth shows the page as a phone would (390 CSS pixels wide), or
// again as the desktop window.
func PhoneWidth(on bool) chromedp.Action[chromedp.Void] {
	if !on {
		return chromedp.EmulateViewport(desktopWidth, desktopHeight)
	}
	return chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulatePortrait)
}

// ignoreValue runs an action for its effect.
func ignoreValue[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}
