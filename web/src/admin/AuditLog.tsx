import { api, ok } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { useLoad } from "../ui/useLoad";
import { when } from "../ui/format";

// AuditLog is every policy change: who, when, what, and the resource before
// and after (PRODUCT.md B6).
export function AuditLog({ tenant }: { tenant: string }) {
  const log = useLoad(() => ok(api.GET("/v1/tenants/{tenant}/auditLog", { params: { path: { tenant }, query: { pageSize: 50 } } })), [tenant]);
  return (
    <Section id="audit-log" title="Audit log">
      <ErrorNotice error={log.error} title="The audit log could not be read." />
      <ol class="audit">
        {(log.data?.events ?? []).map((e) => (
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
    </Section>
  );
}
