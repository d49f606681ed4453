import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { useLoad } from "../ui/useLoad";
import { announce } from "../ui/announce";
import { PolicyAssignments } from "./PolicyAssignments";
import { TableWrap } from "../ui/TableWrap";

type Policy = Schemas["v1MailboxPolicy"];

// MailboxPolicies are the named Outlook on the web mailbox policies with
// their LinkedIn contact sync switch, one of them the default (seed 000).
// Switching sync off purges the synced contacts of the policy's mailboxes.
export function MailboxPolicies({ tenant, onChange }: { tenant: string; onChange: () => void }) {
  const list = useLoad(() => ok(api.GET("/v1/tenants/{tenant}/mailboxPolicies", { params: { path: { tenant } } })), [tenant]);
  const [error, setError] = useState<unknown>();
  const [newId, setNewId] = useState("");
  const [newSync, setNewSync] = useState(true);
  const policies = list.data?.policies ?? [];

  async function run(what: string, call: () => Promise<unknown>) {
    setError(undefined);
    try {
      await call();
      announce(what);
      await list.reload();
      onChange();
    } catch (err) {
      setError(err);
    }
  }

  const update = (p: Policy, change: Partial<Policy>, what: string) =>
    run(what, () =>
      ok(
        api.PATCH("/v1/tenants/{tenant}/mailboxPolicies/{policy}", {
          params: { path: { tenant, policy: p.id ?? "" } },
          body: { ...change, etag: p.etag },
        }),
      ),
    );

  function create(e: Event) {
    e.preventDefault();
    void run(`Mailbox policy ${newId} created`, async () => {
      await ok(
        api.POST("/v1/tenants/{tenant}/mailboxPolicies", {
          params: { path: { tenant } },
          body: { id: newId, linkedinContactSyncEnabled: newSync },
        }),
      );
      setNewId("");
    });
  }

  return (
    <Section id="mailbox-policies" title="Mailbox policies">
      <ErrorNotice error={list.error} title="The mailbox policies could not be read." />
      <TableWrap label="Mailbox policies">
        <table>
          <caption class="visually-hidden">Mailbox policies</caption>
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">LinkedIn contact sync</th>
              <th scope="col">Default</th>
            </tr>
          </thead>
          <tbody>
            {policies.map((p) => (
              <tr key={p.id} data-policy={p.id}>
                <th scope="row">{p.id}</th>
                <td>
                  <label class="switch">
                    <input
                      type="checkbox"
                      role="switch"
                      checked={!!p.linkedinContactSyncEnabled}
                      onChange={(e) =>
                        update(
                          p,
                          { linkedinContactSyncEnabled: e.currentTarget.checked },
                          `LinkedIn contact sync ${e.currentTarget.checked ? "on" : "off"} in ${p.id}`,
                        )
                      }
                    />
                    <span>{p.linkedinContactSyncEnabled ? "On" : "Off"}</span>
                    <span class="visually-hidden"> for {p.id}</span>
                  </label>
                </td>
                <td>
                  {p.isDefault ? (
                    <strong>Default</strong>
                  ) : (
                    <button type="button" class="small" onClick={() => update(p, { isDefault: true }, `${p.id} is now the default`)}>
                      Make default<span class="visually-hidden"> ({p.id})</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <form onSubmit={create} class="row">
        <label>
          New policy id
          <input value={newId} onInput={(e) => setNewId(e.currentTarget.value)} required maxLength={64} pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" />
        </label>
        <label class="choice">
          <input type="checkbox" checked={newSync} onChange={(e) => setNewSync(e.currentTarget.checked)} />
          LinkedIn contact sync on
        </label>
        <button type="submit">Create policy</button>
      </form>
      <ErrorNotice error={error} />
      <PolicyAssignments tenant={tenant} policies={policies} onChange={onChange} />
    </Section>
  );
}
