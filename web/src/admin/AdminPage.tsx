import { useState } from "preact/hooks";
import { LinkedInSettings } from "./LinkedInSettings";
import { MailboxPolicies } from "./MailboxPolicies";
import { ClientPolicy } from "./ClientPolicy";
import { ConsentReport } from "./ConsentReport";
import { PurgeJobs } from "./PurgeJobs";
import { SyncStatuses } from "./SyncStatuses";
import { AuditLog } from "./AuditLog";

const parts = [
  ["settings", "LinkedIn setting"],
  ["mailbox-policies", "Mailbox policies"],
  ["client-policy", "Office apps"],
  ["consent-report", "Consent report"],
  ["purge-jobs", "Purge jobs"],
  ["sync-statuses", "Sync status"],
  ["audit-log", "Audit log"],
] as const;

// AdminPage is a tenant admin's one page for everything the original spreads
// over four admin centres and a group policy. A change in one part reloads
// the parts it affects (purges, sync status, the audit log).
export function AdminPage({ tenant }: { tenant: string }) {
  const [generation, setGeneration] = useState(0);
  const changed = () => setGeneration((n) => n + 1);
  return (
    <>
      <h1>Admin: {tenant}</h1>
      <nav aria-label="Admin sections" class="toc">
        {parts.map(([id, title]) => (
          <a key={id} href={`#/admin`} onClick={(e) => jump(e, id)}>
            {title}
          </a>
        ))}
      </nav>
      <LinkedInSettings tenant={tenant} onChange={changed} />
      <MailboxPolicies tenant={tenant} onChange={changed} />
      <ClientPolicy tenant={tenant} onChange={changed} />
      <ConsentReport key={`report-${generation}`} tenant={tenant} />
      <PurgeJobs key={`purges-${generation}`} tenant={tenant} />
      <SyncStatuses key={`sync-${generation}`} tenant={tenant} />
      <AuditLog key={`audit-${generation}`} tenant={tenant} />
    </>
  );
}

// jump moves to a section and its heading without changing the route.
function jump(e: Event, id: string) {
  e.preventDefault();
  const heading = document.getElementById(`${id}-title`);
  heading?.scrollIntoView();
  heading?.setAttribute("tabindex", "-1");
  heading?.focus();
}
