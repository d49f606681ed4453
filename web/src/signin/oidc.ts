// Sign-in outside dev mode: OpenID Connect's authorization code flow with
// PKCE against the provider the gateway is configured with, through
// oidc-client-ts. The access token it returns is the bearer token the
// services check (issuer, audience, tenant and roles claims).
import { UserManager, WebStorageStateStore } from "oidc-client-ts";
import type { ConsoleConfig } from "../config";
import { startSession } from "../session";

function manager(oidc: NonNullable<ConsoleConfig["oidc"]>): UserManager {
  return new UserManager({
    authority: oidc.issuer,
    client_id: oidc.clientId,
    redirect_uri: `${window.location.origin}/`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: "code",
    scope: oidc.scopes,
    extraQueryParams: oidc.audience ? { audience: oidc.audience } : {},
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

export async function signInWithProvider(oidc: NonNullable<ConsoleConfig["oidc"]>) {
  await manager(oidc).signinRedirect();
}

// isProviderCallback says the page was opened by the provider sending the
// browser back with a code.
export function isProviderCallback(): boolean {
  const query = new URLSearchParams(window.location.search);
  return query.has("state") && (query.has("code") || query.has("error"));
}

// finishProviderSignIn trades the code for tokens (checking the state and
// the PKCE verifier) and starts the session, then drops the code from the
// address bar.
export async function finishProviderSignIn(oidc: NonNullable<ConsoleConfig["oidc"]>) {
  const user = await manager(oidc).signinRedirectCallback();
  window.history.replaceState(null, "", "/#/");
  startSession(user.access_token);
}
