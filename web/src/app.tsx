import { useEffect, useState } from "preact/hooks";
import { loadConfig, type ConsoleConfig } from "./config";
import { endSession, isAdmin, onSessionChange, session } from "./session";
import { go, useRoute } from "./router";
import { SignIn } from "./signin/SignIn";
import { finishProviderSignIn, forgetProviderSignIn, isProviderCallback } from "./signin/oidc";
import { MePage } from "./me/MePage";
import { AdminPage } from "./admin/AdminPage";
import { ErrorNotice } from "./ui/ErrorNotice";

// App is the console: the sign-in page until someone is signed in, then
// their page (#/me) and, for admins, the admin page (#/admin).
export function App() {
  const [config, setConfig] = useState<ConsoleConfig>();
  const [error, setError] = useState<unknown>();
  const [signInError, setSignInError] = useState<unknown>();
  const [, rerender] = useState(0);
  const route = useRoute();
  useEffect(() => onSessionChange(() => rerender((n) => n + 1)), []);
  useEffect(() => {
    loadConfig()
      .then(async (c) => {
        if (c.oidc && isProviderCallback()) await finishProviderSignIn(c.oidc).catch(setSignInError);
        setConfig(c);
      })
      .catch(setError);
  }, []);

  const who = session();
  const admin = isAdmin(who);
  const page = route.startsWith("/admin") && admin ? "admin" : "me";
  const misplaced = !!who && (route === "/" || (route.startsWith("/admin") && !admin));
  useEffect(() => {
    if (misplaced) go(admin ? "/admin" : "/me");
  }, [misplaced, admin]);

  // Each page change moves focus to the page's main region, so keyboard and
  // screen reader users start at its top; the connect prompt focuses its
  // own first choice.
  useEffect(() => {
    if (route !== "/me/connect") document.getElementById("main")?.focus();
  }, [route]);

  async function signOut() {
    if (config?.oidc) await forgetProviderSignIn(config.oidc).catch(() => undefined);
    endSession();
  }

  if (error) {
    return (
      <main id="main" class="page narrow" tabIndex={-1}>
        <h1>Liaison</h1>
        <ErrorNotice error={error} title="The console could not start." />
      </main>
    );
  }
  if (!config) return <p role="status">Loading…</p>;
  if (!who) return <SignIn config={config} error={signInError} />;
  if (misplaced) return <p role="status">Loading…</p>;
  return (
    <>
      <header class="top">
        <span class="brand">Liaison</span>
        <nav aria-label="Pages">
          <a href="#/me" aria-current={page === "me" ? "page" : undefined}>
            My LinkedIn
          </a>
          {admin && (
            <a href="#/admin" aria-current={page === "admin" ? "page" : undefined}>
              Admin
            </a>
          )}
        </nav>
        <span class="who">
          {who.user}@{who.tenant}
          {admin && " (admin)"}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" class="page" tabIndex={-1}>
        {page === "admin" ? <AdminPage tenant={who.tenant} /> : <MePage route={route} />}
      </main>
    </>
  );
}
