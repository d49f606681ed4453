import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { useLoad } from "../ui/useLoad";
import { useDebounced } from "../ui/useDebounced";
import { announce } from "../ui/announce";

// PolicyAssignments assigns users' mailboxes to mailbox policies; a mailbox
// without one follows the default.
export function PolicyAssignments({ tenant, policies, onChange }: {
  tenant: string;
  policies: Schemas["v1MailboxPolicy"][];
  onChange: () => void;
}) {
  const [query, setQuery] = useState("");
  const settled = useDebounced(query.trim());
  const users = useLoad(
    () => ok(api.GET("/v1/tenants/{tenant}/users", { params: { path: { tenant }, query: { query: settled, pageSize: 50 } } })),
    [tenant, settled],
    true,
  );
  const [error, setError] = useState<unknown>();

  async function assign(user: Schemas["v1User"], policy: string) {
    setError(undefined);
    try {
      await ok(
        api.PATCH("/v1/tenants/{tenant}/users/{user}", {
          params: { path: { tenant, user: user.id ?? "" } },
          body: { mailboxPolicy: policy },
        }),
      );
      announce(`${user.displayName} now follows ${policy || "the default policy"}`);
      await users.reload();
      onChange();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div class="assignments">
      <h3>Assign mailboxes</h3>
      <label>
        Find users
        <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} maxLength={100} autocomplete="off" />
      </label>
      <ErrorNotice error={users.error} title="Users could not be read." />
      <ul class="results">
        {(users.data?.users ?? []).map((u) => (
          <li key={u.id} class="row">
            <label>
              {u.displayName} <span class="muted">({u.id})</span>
              <select value={u.mailboxPolicy ?? ""} onChange={(e) => assign(u, e.currentTarget.value)}>
                <option value="">The default policy</option>
                {policies.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.id}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
      <ErrorNotice error={error} title="The assignment was not saved." />
    </div>
  );
}
