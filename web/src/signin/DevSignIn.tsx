import { useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { ApiError } from "../api/errors";
import { startSession } from "../session";
import { ErrorNotice } from "../ui/ErrorNotice";
import { go } from "../router";
import type { Schemas } from "../api/client";

// DevSignIn (dev mode only) signs in as any seeded person: it asks the
// gateway's dev identity (POST /dev/token, not part of the API document)
// for a token. To list a tenant's people it first takes an admin token of
// that tenant, which dev mode hands anyone.
export function DevSignIn() {
  const [tenant, setTenant] = useState("contoso");
  const [people, setPeople] = useState<Schemas["v1User"][]>();
  const [chosen, setChosen] = useState("");
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function listPeople(e: Event) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const token = await devToken(tenant, "dev-console", ["TenantAdmin"]);
      const users = await ok(
        api.GET("/v1/tenants/{tenant}/users", {
          params: { path: { tenant } },
          headers: { Authorization: `Bearer ${token}` },
        }),
      );
      setPeople(users.users ?? []);
      setChosen(users.users?.[0]?.id ?? "");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function signIn(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      startSession(await devToken(tenant, chosen, admin ? ["TenantAdmin"] : []));
      go(admin ? "/admin" : "/me");
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section class="card" aria-labelledby="dev-title">
      <h2 id="dev-title">Dev sign-in</h2>
      <p class="hint">Dev mode only: pick any seeded person. Never turned on where real people sign in.</p>
      <form onSubmit={listPeople} class="row">
        <label>
          Tenant
          <input value={tenant} onInput={(e) => setTenant(e.currentTarget.value)} required autocomplete="off" />
        </label>
        <button type="submit" disabled={busy}>
          Show people
        </button>
      </form>
      {people && (
        <form onSubmit={signIn}>
          <fieldset>
            <legend>Sign in as</legend>
            {people.map((p) => (
              <label class="choice" key={p.id}>
                <input
                  type="radio"
                  name="person"
                  value={p.id}
                  checked={chosen === p.id}
                  onChange={() => setChosen(p.id ?? "")}
                />
                {p.displayName} <span class="muted">({p.id}, {p.jobTitle || "no title"})</span>
              </label>
            ))}
          </fieldset>
          <label class="choice">
            <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.currentTarget.checked)} />
            with the tenant admin role
          </label>
          <button type="submit" class="primary" disabled={!chosen}>
            Sign in
          </button>
        </form>
      )}
      <ErrorNotice error={error} title="Dev sign-in did not work." />
    </section>
  );
}

async function devToken(tenant: string, user: string, roles: string[]): Promise<string> {
  const response = await fetch("/dev/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ tenant, user, roles }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string };
  if (!response.ok || !body.token) throw ApiError.from(response, body);
  return body.token;
}
