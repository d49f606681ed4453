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
    // The session ends with the access token: renewing it would need a
    // refresh token kept in the page or a hidden frame the content security
    // policy forbids. People sign in again.
    automaticSilentRenew: false,
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
// the PKCE verifier) and starts the session. The code leaves the address
// bar whatever happens, so a reload never replays a used or refused one.
export async function finishProviderSignIn(oidc: NonNullable<ConsoleConfig["oidc"]>) {
  try {
    const user = await manager(oidc).signinRedirectCallback();
    startSession(user.access_token);
  } finally {
    window.history.replaceState(null, "", "/#/");
  }
}

// forgetProviderSignIn drops the tokens oidc-client-ts keeps, on signing
// out. The provider's own session is the provider's: signing in again may
// not ask for a password.
export async function forgetProviderSignIn(oidc: NonNullable<ConsoleConfig["oidc"]>) {
  await manager(oidc).removeUser();
}
