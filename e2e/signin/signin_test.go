// Package signin signs in to the web console as an organization's people
// do outside dev mode: with an OpenID Connect provider (authorization code
// with PKCE, in the browser), whose access tokens every service checks.
package signin

import (
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/liaisonhq/liaison/e2e/internal/browser"
	"github.com/liaisonhq/liaison/e2e/internal/oidcprovider"
	"github.com/liaisonhq/liaison/e2e/internal/suite"
	"github.com/liaisonhq/liaison/platform/launch"
)

var (
	demo     *launch.Stack
	provider *oidcprovider.Provider
)

// TestMain starts the provider, then the system trusting it: the services
// take its tokens instead of the gateway's dev tokens, and the gateway
// tells the console to sign in with it.
func TestMain(m *testing.M) {
	var err error
	provider, err = oidcprovider.Start("liaison", map[string]oidcprovider.Person{
		"liaison-console": {Tenant: "contoso", Subject: "alice"},
		"liaisonctl":      {Tenant: "contoso", Subject: "admin", Roles: []string{"TenantAdmin"}},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "signin:", err)
		os.Exit(1)
	}
	trust := []string{"--auth-issuer=" + provider.Issuer(), "--auth-jwks-url=" + provider.JWKSURL(), "--auth-audience=liaison"}
	flags := map[string][]string{
		"policy": trust, "consent": trust, "contact-sync": trust, "profile-card": trust,
		"gateway": {"--console-oidc-issuer=" + provider.Issuer(), "--console-oidc-client-id=liaison-console"},
	}
	code := suite.Run(m, suite.Options{Root: "../..", Flags: flags, Build: suite.BuildWithCLI}, func(st *launch.Stack) error {
		demo = st
		return nil
	})
	provider.Close()
	os.Exit(code)
}

// TestSignInWithTheOrganizationsProvider: the sign-in page offers the
// provider; its round trip (code, PKCE verifier, access token) signs alice
// in; and the services accept her token for her own page.
func TestSignInWithTheOrganizationsProvider(t *testing.T) {
	b := browser.New(t, "../../artifacts/signin-screenshots", "../../web/node_modules/axe-core/axe.min.js")
	b.Do("open the console", chromedp.Navigate(demo.URL("gateway")+"/"), browser.Visible(`//button[.="Sign in with your organization"]`))
	b.Done("sign-in-with-provider")
	b.Do("sign in at the provider and come back",
		browser.Click(`//button[.="Sign in with your organization"]`),
		browser.Visible(`//h1[.="My LinkedIn"]`),
		browser.Visible(`//p[@data-connection="NOT_CONNECTED"]`),
	)
	b.WantText(`//span[@class="who"]`, "alice@contoso")
	b.WantNone(`//a[.="Admin"]`, "an admin link for a user without the admin role")
	b.Do("search the directory with the provider's token",
		browser.ReplaceText(`//form[@role="search"]//input`, "bob"),
		browser.Click(`//button[.="Search"]`),
		browser.Visible(`//ul[@aria-label="People found"]//button[.="Bob Kelly"]`),
	)
	b.Done("signed-in-by-provider")
}
