package console

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestTheScenarioInTheBrowser clicks through the product's scenario as its
// people would: the admin sets Selected group pilot (seeing the impact
// first); alice opens bob's card, is asked to connect, connects both ways
// and sees his LinkedIn headline; her read-only LinkedIn folder fills and
// follows LinkedIn at the next sync; carol sees only directory facts and
// why; dana hides her profile and alice's card of her says so; alice
// disconnects and her folder and cached cards go; and the admin's mailbox
// policy switch purges the tenant's synced contacts with progress shown.
func TestTheScenarioInTheBrowser(t *testing.T) {
	b := newBrowser(t)
	console := demo.URL("gateway") + "/"

	b.do("open the console", chromedp.Navigate(console), visible(`//h1[.="Sign in to Liaison"]`))
	b.done("sign-in")

	b.signIn("admin", true)
	b.do("see the admin page", visible(`//h1[starts-with(., "Admin")]`), visible(`//input[@name="mode"]`))
	b.done("admin-page")

	b.do("choose Selected group and find pilot",
		click(`//input[@name="mode" and @value="SELECTED_GROUP"]`),
		chromedp.SendKeys(`//label[contains(., "Find a group")]//input`, "pilot"),
		click(`//ul[@aria-label="Groups found"]//button[.="LinkedIn pilot"]`),
		visible(`//strong[@data-selected-group="pilot"]`),
		visible(`//p[@data-impact="summary"]`),
	)
	b.wantText(`//p[@data-impact="summary"]`, "lose access")
	b.done("impact-preview")
	b.do("save the setting", click(`//section[@id="settings"]//button[.="Save"]`), announced("The LinkedIn setting is saved"))

	b.signOut()
	b.signIn("alice", false)
	b.do("see alice's page", visible(`//h1[.="My LinkedIn"]`), visible(`//p[@data-connection="NOT_CONNECTED"]`))
	b.done("alice-page")

	b.openCard("bob", "Bob Kelly")
	b.do("see that bob's card asks to connect", visible(`//p[@data-state="CONSENT_REQUIRED"]`))
	b.done("card-asks-to-connect")

	b.do("follow the card's Connect prompt",
		click(`//article//a[.="Connect LinkedIn"]`),
		visible(`//input[@id="direction-BIDIRECTIONAL"]`),
		click(`//input[@id="direction-BIDIRECTIONAL"]`),
	)
	b.done("connect-choice")
	b.do("connect both ways at LinkedIn and come back",
		click(`//form//button[.="Connect LinkedIn"]`),
		visible(`//p[@data-connection="CONNECTED"]`),
		announced("Your LinkedIn account is connected."),
	)
	b.wantText(`//p[@data-connection="CONNECTED"]`, "Both ways")
	b.done("connected")

	b.openCard("bob", "Bob Kelly")
	b.do("see bob's LinkedIn section", visible(`//section[@data-state="SHOWN"]`))
	b.wantText(`//section[@data-state="SHOWN"]`, "1st-degree connection")
	b.wantText(`//article[@class="profile"]`, "from LinkedIn")
	b.done("card-shows-linkedin")

	b.do("open the LinkedIn folder once synced",
		click(`//button[@id="folder-linkedin"]`),
		visible(`//p[@data-read-only="true"]`),
		visible(`//table//th[@scope="row"][contains(., "Frank Osei")]`),
	)
	b.wantNone(`//div[@id="folder-panel"]//button[starts-with(@aria-label, "Delete")]`, "a delete button in the read-only folder")
	b.wantText(`//div[@id="folder-panel"]//table`, "@")
	b.done("linkedin-folder")

	b.do("add her own contact with bob's address: his LinkedIn contact links to it",
		click(`//button[@id="folder-contacts"]`),
		chromedp.SendKeys(`//form[@class="new-contact"]//label[contains(., "First name")]//input`, "Bobby"),
		chromedp.SendKeys(`//form[@class="new-contact"]//label[contains(., "Email")]//input`, "BOB@contoso.com"),
		click(`//form[@class="new-contact"]//button[.="Add"]`),
		announced("Bobby added to your contacts"),
		click(`//button[@id="folder-linkedin"]`),
		visible(`//tr[th[contains(., "Bob Kelly")]]/td[contains(., "Same person as Bobby")]`),
	)
	b.done("duplicates-linked")

	simulator(t, "POST", "/sim/connections", `{"a":"m-alice","b":"m-grace"}`)
	simulator(t, "DELETE", "/sim/connections/m-alice/m-frank", "")
	b.do("sync now: grace arrives, frank leaves",
		click(`//button[.="Sync now"]`),
		visible(`//table//th[@scope="row"][contains(., "Grace Lin")]`),
		chromedp.WaitNotPresent(`//table//th[@scope="row"][contains(., "Frank Osei")]`),
	)
	b.done("after-next-sync")

	b.openCard("dana@fabrikam.com", "")
	b.do("see dana's LinkedIn section", visible(`//section[@data-state="SHOWN"]`))
	simulator(t, "PATCH", "/sim/members/m-dana", `{"visibleInMicrosoftApps":false}`)
	b.openCard("dana@fabrikam.com", "")
	b.do("see dana's card without LinkedIn", visible(`//p[@data-state="HIDDEN_BY_MEMBER"]`))
	b.done("dana-hidden")

	b.do("disconnect",
		click(`//button[.="Disconnect LinkedIn"]`),
		click(`//button[.="Yes, disconnect"]`),
		visible(`//p[@id="receipt-title"]`),
		visible(`//p[@data-connection="NOT_CONNECTED"]`),
		chromedp.WaitNotPresent(`//button[@id="folder-linkedin"]`),
	)
	b.done("disconnect-receipt")
	b.openCard("bob", "Bob Kelly")
	b.do("see that the card forgot LinkedIn at once", visible(`//p[@data-state="CONSENT_REQUIRED"]`))

	b.signOut()
	b.signIn("carol", false)
	b.openCard("bob", "Bob Kelly")
	b.do("see bob's card as carol", visible(`//p[@data-state="NOT_IN_SELECTED_GROUP"]`), visible(`//dt[.="Job title"]`))
	b.done("carol-sees-why")

	// alice connects again (LinkedIn to organization is enough), so the
	// tenant holds synced contacts when the admin switches sync off.
	b.signOut()
	b.signIn("alice", false)
	b.do("connect again, LinkedIn to the organization only",
		click(`//input[@id="direction-LINKEDIN_TO_ORGANIZATION"]`),
		click(`//form//button[.="Connect LinkedIn"]`),
		visible(`//p[@data-connection="CONNECTED"]`),
		visible(`//button[@id="folder-linkedin"]`),
	)
	b.do("see the page at phone width", phoneWidth(true), visible(`//h1[.="My LinkedIn"]`))
	b.done("phone-width")
	b.do("back to desktop width", phoneWidth(false))

	b.signOut()
	b.signIn("admin", true)
	b.do("switch LinkedIn contact sync off in the default mailbox policy",
		click(`//tr[@data-policy="OwaMailboxPolicy-Default"]//input[@role="switch"]`),
		announced("LinkedIn contact sync off in OwaMailboxPolicy-Default"),
		visible(`//ul[@class="jobs"]/li[1][@data-job-state="DONE"]`),
	)
	b.wantText(`//ul[@class="jobs"]/li[1]`, "100%")
	b.wantText(`//ul[@class="jobs"]/li[1]`, "Turned off by the mailbox policy")
	b.done("purge-done")
	b.do("see why alice's sync stopped",
		click(`//section[@id="sync-statuses"]//button[.="Refresh"]`),
		visible(`//tr[@data-user="alice"]/td[contains(., "Turned off by the mailbox policy")]`),
	)
	b.done("sync-status-by-user")
	b.do("open the newest audit entry", click(`//ol[@class="audit"]/li[1]//summary`), visible(`//ol[@class="audit"]/li[1]//pre`))
	b.wantText(`//ol[@class="audit"]/li[1]`, "linkedinContactSyncEnabled")
	b.done("audit-log")

	b.do("create a mailbox policy that exists",
		chromedp.SendKeys(`//label[contains(., "New policy id")]//input`, "OwaMailboxPolicy-Default"),
		click(`//button[.="Create policy"]`),
		visible(`//section[@id="mailbox-policies"]//div[@role="alert"]`),
	)
	b.wantText(`//section[@id="mailbox-policies"]//div[@role="alert"]`, "Request id for support")
	b.done("error-as-people-read-it")
}

// signIn uses dev sign-in as the demo tenant's user.
func (b *browser) signIn(user string, admin bool) {
	b.t.Helper()
	actions := []chromedp.Action[chromedp.Void]{
		visible(`//h1[.="Sign in to Liaison"]`),
		click(`//button[.="Show people"]`),
		click(`//input[@name="person" and @value="` + user + `"]`),
	}
	if admin {
		actions = append(actions, click(`//label[contains(., "tenant admin role")]/input`))
	}
	actions = append(actions, click(`//button[.="Sign in"]`), visible(`//button[.="Sign out"]`))
	b.do("sign in as "+user, actions...)
}

func (b *browser) signOut() {
	b.t.Helper()
	b.do("sign out", click(`//button[.="Sign out"]`), visible(`//h1[.="Sign in to Liaison"]`))
}

// openCard searches for who and opens their card: from the results by the
// name shown, or, for an email outside the directory, with the
// "Open the card of" button.
func (b *browser) openCard(who, name string) {
	b.t.Helper()
	field := `//form[@role="search"]//input`
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.Click(`//a[.="My LinkedIn"]`),
		replaceText(field, who),
	}
	if name != "" {
		actions = append(actions, click(`//button[.="Search"]`), click(`//ul[@aria-label="People found"]//button[.="`+name+`"]`))
	} else {
		actions = append(actions, click(`//button[starts-with(., "Open the card of")]`))
	}
	actions = append(actions, visible(`//article[@class="profile"]`))
	b.do("open the card of "+who, actions...)
}

// wantText fails unless the element's text contains want.
func (b *browser) wantText(xpath, want string) {
	b.t.Helper()
	text, err := chromedp.Run(b.ctx, chromedp.Text(xpath))
	if err != nil {
		b.t.Fatalf("read %s: %v", xpath, err)
	}
	if !strings.Contains(text, want) {
		b.t.Errorf("%s reads %q, want %q in it", xpath, text, want)
	}
}

// wantNone fails if any element matches.
func (b *browser) wantNone(xpath, what string) {
	b.t.Helper()
	count, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.evaluate(`+jsString(xpath)+`, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null).snapshotLength`))
	if err != nil {
		b.t.Fatalf("count %s: %v", what, err)
	}
	if count != 0 {
		b.t.Errorf("found %d of %s", count, what)
	}
}

// replaceText selects the field's text and types text over it, as a person
// does to search again.
func replaceText(xpath, text string) chromedp.Action[chromedp.Void] {
	selectAll := chromedp.Evaluate[bool](`(() => { const field = document.evaluate(` + jsString(xpath) +
		`, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue; field.focus(); field.select(); return true })()`)
	return chromedp.Steps(chromedp.WaitVisible(xpath), ignoreValue(selectAll), chromedp.SendKeys(xpath, text))
}

// ignoreValue runs an action for its effect.
func ignoreValue[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

func visible(xpath string) chromedp.Action[chromedp.Void] { return chromedp.WaitVisible(xpath) }
func click(xpath string) chromedp.Action[chromedp.Void]   { return chromedp.Click(xpath) }

// announced waits until the page's live region has said message.
func announced(message string) chromedp.Action[chromedp.Void] {
	// The region is visually hidden: present is what counts.
	return chromedp.WaitReady(`//div[@id="announcer"][contains(., ` + jsString(message) + `)]`)
}

// simulator changes the LinkedIn simulator through its admin API, as
// LinkedIn's members would at LinkedIn.
func simulator(t *testing.T, method, path, body string) {
	t.Helper()
	req, err := http.NewRequest(method, demo.URL("linkedin-sim")+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %s", method, path, resp.Status)
	}
}
