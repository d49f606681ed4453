import { useCallback } from "preact/hooks";
import { api, ok } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { useLoad } from "../ui/useLoad";
import { usePoll, useWindow } from "../ui/usePoll";
import { Progress } from "../ui/Progress";
import { count, when } from "../ui/format";
import { label, purgeStateLabels, purgeTriggerLabels, syncReasonLabels } from "../ui/labels";

// PurgeJobs lists the deletions of synced contacts that a policy change or
// a withdrawn consent started, with live progress while any runs
// (PRODUCT.md B3). The page remounts it after each change; a purge starts
// a moment after the change that causes it, so it looks every 2 seconds
// for a minute after, every half second while one runs, and then stops.
export function PurgeJobs({ tenant }: { tenant: string }) {
  const jobs = useLoad(() => ok(api.GET("/v1/tenants/{tenant}/purgeJobs", { params: { path: { tenant }, query: { pageSize: 50 } } })), [tenant]);
  const list = jobs.data?.jobs ?? [];
  const running = list.some((j) => j.state === "QUEUED" || j.state === "RUNNING");
  const recent = useWindow(60_000, tenant);
  const reload = useCallback(() => void jobs.reload(), [jobs.reload]);
  usePoll(reload, running ? 500 : 2000, (running || recent) && !jobs.error);
  return (
    <Section
      id="purge-jobs"
      title="Purge jobs"
      actions={
        <button type="button" onClick={reload}>
          Refresh<span class="visually-hidden"> purge jobs</span>
        </button>
      }
    >
      <ErrorNotice error={jobs.error} title="The purge jobs could not be read." />
      {list.length === 0 && !jobs.loading && !jobs.error && <p class="muted">No purge has run.</p>}
      <ul class="jobs">
        {list.map((j) => (
          <li key={j.id} data-job-state={j.state}>
            <p>
              <strong>{label(purgeStateLabels, j.state)}</strong>: {j.user}'s LinkedIn contacts,{" "}
              {label(purgeTriggerLabels, j.trigger)} ({label(syncReasonLabels, j.reason)}), started {when(j.createTime)}
              {j.endTime ? `, finished ${when(j.endTime)}` : ""}
            </p>
            <Progress label={`Contacts of ${j.user} deleted`} done={count(j.deleted)} total={count(j.total)} />
            {j.error && <p class="error-text">{j.error}</p>}
          </li>
        ))}
      </ul>
    </Section>
  );
}
