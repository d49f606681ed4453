import { useState } from "preact/hooks";
import type { ConsoleConfig } from "../config";
import { signedOutBecause } from "../session";
import { DevSignIn } from "./DevSignIn";
import { signInWithProvider } from "./oidc";
import { ErrorNotice } from "../ui/ErrorNotice";

// SignIn is the page before any other: dev sign-in in dev mode, the
// organization's OpenID Connect provider otherwise.
// error is a sign-in with the provider that failed on the way back.
export function SignIn({ config, error: returned }: { config: ConsoleConfig; error?: unknown }) {
  const [error, setError] = useState<unknown>(returned);
  const why = signedOutBecause();
  return (
    <main id="main" class="page narrow" tabIndex={-1}>
      <h1>Sign in to Liaison</h1>
      {why && (
        <p class="notice" role="status">
          You were signed out: {why}
        </p>
      )}
      {config.oidc && (
        <section class="card" aria-labelledby="provider-title">
          <h2 id="provider-title">Your organization's account</h2>
          <button
            type="button"
            class="primary"
            onClick={() => signInWithProvider(config.oidc!).catch(setError)}
          >
            Sign in with your organization
          </button>
          <ErrorNotice error={error} title="Sign-in did not start." />
        </section>
      )}
      {config.devSignIn && <DevSignIn />}
      {!config.oidc && !config.devSignIn && (
        <p class="notice error" role="alert">
          No way to sign in is configured. An operator sets the OpenID Connect provider with the gateway's
          --console-oidc-issuer and --console-oidc-client-id.
        </p>
      )}
    </main>
  );
}
