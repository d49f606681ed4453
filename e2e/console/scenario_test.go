package console

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/liaisonhq/liaison/e2e/internal/browser"
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
	b := browser.New(t, "../../artifacts/console-screenshots", "../../web/node_modules/axe-core/axe.min.js")
	console := demo.URL("gateway") + "/"

	b.Do("open the console", chromedp.Navigate(console), visible(`//h1[.="Sign in to Liaison"]`))
	b.Done("sign-in")

	signIn(b, "admin", true)
	b.Do("see the admin page", visible(`//h1[starts-with(., "Admin")]`), visible(`//input[@name="mode"]`))
	b.Done("admin-page")

	b.Do("choose Selected group and find pilot",
		click(`//input[@name="mode" and @value="SELECTED_GROUP"]`),
		chromedp.SendKeys(`//label[contains(., "Find a group")]//input`, "pilot"),
		click(`//ul[@aria-label="Groups found"]//button[.="LinkedIn pilot"]`),
		visible(`//strong[@data-selected-group="pilot"]`),
		// The preview of the picked group, not one asked before it.
		visible(`//div[@aria-busy="false"]/p[@data-impact="summary"]`),
	)
	b.WantText(`//p[@data-impact="summary"]`, "3 users lose access")
	b.Done("impact-preview")
	b.Do("save the setting", click(`//section[@id="settings"]//button[.="Save"]`), announced("The LinkedIn setting is saved"))

	signOut(b)
	signIn(b, "alice", false)
	b.Do("see alice's page", visible(`//h1[.="My LinkedIn"]`), visible(`//p[@data-connection="NOT_CONNECTED"]`))
	b.Done("alice-page")

	openCard(b, "bob", "Bob Kelly")
	b.Do("see that bob's card asks to connect", visible(`//p[@data-state="CONSENT_REQUIRED"]`))
	b.Done("card-asks-to-connect")

	b.Do("follow the card's Connect prompt",
		click(`//article//a[.="Connect LinkedIn"]`),
		visible(`//input[@id="direction-BIDIRECTIONAL"]`),
		click(`//input[@id="direction-BIDIRECTIONAL"]`),
	)
	b.WantChecked("direction-BIDIRECTIONAL")
	b.Done("connect-choice")
	b.Do("connect both ways at LinkedIn and come back",
		click(`//form//button[.="Connect LinkedIn"]`),
		visible(`//p[@data-connection="CONNECTED"]`),
		announced("Your LinkedIn account is connected."),
	)
	b.WantText(`//p[@data-connection="CONNECTED"]`, "Both ways")
	b.Done("connected")

	openCard(b, "bob", "Bob Kelly")
	b.Do("see bob's LinkedIn section", visible(`//section[@data-state="SHOWN"]`))
	b.WantText(`//section[@data-state="SHOWN"]`, "1st-degree connection")
	b.WantText(`//article[@class="profile"]`, "from LinkedIn")
	b.Done("card-shows-linkedin")

	b.Do("open the LinkedIn folder once synced",
		click(`//button[@id="folder-linkedin"]`),
		visible(`//p[@data-read-only="true"]`),
		visible(`//table//th[@scope="row"][contains(., "Frank Osei")]`),
	)
	b.WantNone(`//div[@id="folder-panel"]//button[starts-with(@aria-label, "Delete")]`, "a delete button in the read-only folder")
	b.WantText(`//div[@id="folder-panel"]//table`, "frank@adatum.example")
	b.Done("linkedin-folder")

	b.Do("add her own contact with bob's address: his LinkedIn contact links to it",
		click(`//button[@id="folder-contacts"]`),
		chromedp.SendKeys(`//form[@class="new-contact"]//label[contains(., "First name")]//input`, "Bobby"),
		chromedp.SendKeys(`//form[@class="new-contact"]//label[contains(., "Email")]//input`, "BOB@contoso.com"),
		click(`//form[@class="new-contact"]//button[.="Add"]`),
		announced("Bobby added to your contacts"),
		click(`//button[@id="folder-linkedin"]`),
		visible(`//tr[th[contains(., "Bob Kelly")]]/td[contains(., "Same person as Bobby")]`),
	)
	b.Done("duplicates-linked")

	simulator(t, "POST", "/sim/connections", `{"a":"m-alice","b":"m-grace"}`)
	simulator(t, "DELETE", "/sim/connections/m-alice/m-frank", "")
	b.Do("sync now: grace arrives, frank leaves",
		chromedp.WaitEnabled(`//button[.="Sync now"]`),
		click(`//button[.="Sync now"]`),
		visible(`//table//th[@scope="row"][contains(., "Grace Lin")]`),
		chromedp.WaitNotPresent(`//table//th[@scope="row"][contains(., "Frank Osei")]`),
	)
	b.Done("after-next-sync")

	openCard(b, "dana@fabrikam.com", "")
	b.Do("see dana's LinkedIn section", visible(`//section[@data-state="SHOWN"]`))
	simulator(t, "PATCH", "/sim/members/m-dana", `{"visibleInMicrosoftApps":false}`)
	openCard(b, "dana@fabrikam.com", "")
	b.Do("see dana's card without LinkedIn", visible(`//p[@data-state="HIDDEN_BY_MEMBER"]`))
	b.Done("dana-hidden")

	b.Do("disconnect",
		click(`//button[.="Disconnect LinkedIn"]`),
		click(`//button[.="Yes, disconnect"]`),
		visible(`//p[@id="receipt-title"]`),
		visible(`//p[@data-connection="NOT_CONNECTED"]`),
		chromedp.WaitNotPresent(`//button[@id="folder-linkedin"]`),
	)
	b.Done("disconnect-receipt")
	openCard(b, "bob", "Bob Kelly")
	b.Do("see that the card forgot LinkedIn at once", visible(`//p[@data-state="CONSENT_REQUIRED"]`))

	signOut(b)
	signIn(b, "carol", false)
	openCard(b, "bob", "Bob Kelly")
	b.Do("see bob's card as carol", visible(`//p[@data-state="NOT_IN_SELECTED_GROUP"]`), visible(`//dt[.="Job title"]`))
	b.Done("carol-sees-why")

	// alice connects again (LinkedIn to organization is enough), so the
	// tenant holds synced contacts when the admin switches sync off.
	signOut(b)
	signIn(b, "alice", false)
	b.Do("choose LinkedIn to the organization only", click(`//input[@id="direction-LINKEDIN_TO_ORGANIZATION"]`))
	b.WantChecked("direction-LINKEDIN_TO_ORGANIZATION")
	b.Do("connect again",
		click(`//form//button[.="Connect LinkedIn"]`),
		visible(`//p[@data-connection="CONNECTED"]`),
		visible(`//button[@id="folder-linkedin"]`),
	)
	b.Do("see the page at phone width", phoneWidth(true), visible(`//h1[.="My LinkedIn"]`))
	b.Done("phone-width")
	b.Do("back to desktop width", phoneWidth(false))

	signOut(b)
	signIn(b, "admin", true)
	b.Do("switch LinkedIn contact sync off in the default mailbox policy",
		// The setting above loads too: once it shows, nothing moves the switch.
		visible(`//section[@id="settings"]//button[.="Save"]`),
		click(`//tr[@data-policy="OwaMailboxPolicy-Default"]//input[@role="switch"]`),
		announced("LinkedIn contact sync off in OwaMailboxPolicy-Default"),
		// The newest job, the policy change's: alice's disconnect left an
		// older one, done.
		visible(`//ul[@class="jobs"]/li[1][@data-job-state="DONE"][contains(., "Turned off by the mailbox policy")]`),
	)
	b.WantText(`//ul[@class="jobs"]/li[1]`, "100%")
	b.Done("purge-done")
	b.Do("see why alice's sync stopped",
		click(`//section[@id="sync-statuses"]//button[.="Refresh"]`),
		visible(`//tr[@data-user="alice"]/td[contains(., "Turned off by the mailbox policy")]`),
	)
	b.Done("sync-status-by-user")
	b.Do("open the newest audit entry", click(`//ol[@class="audit"]/li[1]//summary`), visible(`//ol[@class="audit"]/li[1]//pre`))
	b.WantText(`//ol[@class="audit"]/li[1]`, "linkedinContactSyncEnabled")
	b.Do("read older audit entries, back to the demo's seeding",
		click(`//button[.="Show older entries"]`),
		visible(`//ol[@class="audit"]/li[11]`),
	)
	b.Done("audit-log")

	b.Do("create a mailbox policy that exists",
		chromedp.SendKeys(`//label[contains(., "New policy id")]//input`, "OwaMailboxPolicy-Default"),
		click(`//button[.="Create policy"]`),
		visible(`//section[@id="mailbox-policies"]//div[@role="alert"]`),
	)
	b.WantText(`//section[@id="mailbox-policies"]//div[@role="alert"]`, "Request id for support")
	b.Done("error-as-people-read-it")

	b.Do("create a pilot policy, make it the default, and assign carol to the old one",
		replaceText(`//label[contains(., "New policy id")]//input`, "Pilot-Policy"),
		click(`//button[.="Create policy"]`),
		announced("Mailbox policy Pilot-Policy created"),
		click(`//tr[@data-policy="Pilot-Policy"]//button[starts-with(., "Make default")]`),
		announced("Pilot-Policy is now the default"),
		visible(`//tr[@data-policy="Pilot-Policy"]//strong[.="Default"]`),
		browser.Choose(`//label[contains(., "Carol Diaz")]//select`, "OwaMailboxPolicy-Default"),
		announced("Carol Diaz now follows OwaMailboxPolicy-Default"),
	)
	b.Do("turn LinkedIn features off in the desktop apps",
		click(`//label[contains(., "Disabled: LinkedIn features never show")]/input`),
		click(`//section[@id="client-policy"]//button[.="Save"]`),
		announced("The Office apps policy is saved"),
	)
	b.WantText(`//section[@id="consent-report"]//p[@data-report="totals"]`, "1 connected: 0 both ways, 1 LinkedIn to organization only")
	b.Done("policies-and-report")
}

// signIn uses dev sign-in as the demo tenant's user.
func signIn(b *browser.Browser, user string, admin bool) {
	actions := []chromedp.Action[chromedp.Void]{
		visible(`//h1[.="Sign in to Liaison"]`),
		click(`//button[.="Show people"]`),
		click(`//input[@name="person" and @value="` + user + `"]`),
	}
	if admin {
		actions = append(actions, click(`//label[contains(., "tenant admin role")]/input`))
	}
	actions = append(actions, click(`//button[.="Sign in"]`), visible(`//button[.="Sign out"]`))
	b.Do("sign in as "+user, actions...)
}

func signOut(b *browser.Browser) {
	b.Do("sign out", click(`//button[.="Sign out"]`), visible(`//h1[.="Sign in to Liaison"]`))
}

// openCard searches for who and opens their card: from the results by the
// name shown, or, for an email outside the directory, with the
// "Open the card of" button.
func openCard(b *browser.Browser, who, name string) {
	field := `//form[@role="search"]//input`
	actions := []chromedp.Action[chromedp.Void]{
		click(`//a[.="My LinkedIn"]`),
		replaceText(field, who),
	}
	if name != "" {
		actions = append(actions, click(`//button[.="Search"]`), click(`//ul[@aria-label="People found"]//button[.="`+name+`"]`))
	} else {
		actions = append(actions, click(`//button[starts-with(., "Open the card of")]`))
	}
	actions = append(actions, visible(`//article[@class="profile"]`))
	b.Do("open the card of "+who, actions...)
}

// The actions the scenario is written in.
var (
	visible     = browser.Visible
	click       = browser.Click
	announced   = browser.Announced
	replaceText = browser.ReplaceText
	phoneWidth  = browser.PhoneWidth
)

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
