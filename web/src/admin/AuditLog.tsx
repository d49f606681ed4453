import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { useLoad } from "../ui/useLoad";
import { when } from "../ui/format";

type AuditEvent = Schemas["v1AuditEvent"];

// AuditLog is every policy change: who, when, what, and the resource before
// and after (PRODUCT.md B6), newest first, older pages on request.
export function AuditLog({ tenant }: { tenant: string }) {
  const first = useLoad(() => page(tenant, ""), [tenant]);
  const [older, setOlder] = useState<{ events: AuditEvent[]; next: string }>();
  const [error, setError] = useState<unknown>();
  const events = [...(first.data?.events ?? []), ...(older?.events ?? [])];
  const next = older ? older.next : (first.data?.nextPageToken ?? "");

  async function showOlder() {
    setError(undefined);
    try {
      const more = await page(tenant, next);
      setOlder({ events: [...(older?.events ?? []), ...(more.events ?? [])], next: more.nextPageToken ?? "" });
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Section id="audit-log" title="Audit log">
      <ErrorNotice error={first.error} title="The audit log could not be read." />
      <ol class="audit">
        {events.map((e) => (
          <li key={e.revision}>
            <p>
              <strong>{e.action}</strong> <code>{e.resource}</code> by {e.actor}, {when(e.time)}
            </p>
            <details>
              <summary>Before and after</summary>
              <div class="before-after">
                <div>
                  <h4>Before</h4>
                  <pre>{e.before ? JSON.stringify(e.before, null, 2) : "(nothing)"}</pre>
                </div>
                <div>
                  <h4>After</h4>
                  <pre>{e.after ? JSON.stringify(e.after, null, 2) : "(nothing)"}</pre>
                </div>
              </div>
              {e.requestId && <p class="muted">Request id {e.requestId}</p>}
            </details>
          </li>
        ))}
      </ol>
      {next && (
        <button type="button" onClick={showOlder}>
          Show older entries
        </button>
      )}
      <ErrorNotice error={error} title="Older entries could not be read." />
    </Section>
  );
}

function page(tenant: string, pageToken: string) {
  return ok(api.GET("/v1/tenants/{tenant}/auditLog", { params: { path: { tenant }, query: { pageSize: 10, pageToken: pageToken || undefined } } }));
}
