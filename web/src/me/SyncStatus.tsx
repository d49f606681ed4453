import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { useLoad } from "../ui/useLoad";
import { usePoll, useWindow } from "../ui/usePoll";
import { count, plural, when } from "../ui/format";
import { label, syncReasonLabels, syncStateLabels } from "../ui/labels";
import { announce } from "../ui/announce";

// SyncStatus shows how the LinkedIn contact sync stands for the user, why
// it does not run when it does not, and lets them sync now. It follows the
// sync live: every second while one runs, and every 3 seconds for a minute
// after the page opens or "Sync now" (a sync also starts on its own after
// connecting). When a sync ends it says so and calls onSynced, so the
// contacts shown are reloaded.
export function SyncStatus({ onSynced }: { onSynced: () => void }) {
  const sync = useLoad(() => ok(api.GET("/v1/me/contactSync")), []);
  const [error, setError] = useState<unknown>();
  const [asked, setAsked] = useState(0);
  const status = sync.data;
  const busy = status?.state === "QUEUED" || status?.state === "RUNNING";
  const recent = useWindow(60_000, asked);
  const reload = useCallback(() => void sync.reload(), [sync.reload]);
  usePoll(reload, busy ? 1000 : 3000, (busy || recent) && !sync.error);

  const outcome = status ? `${status.lastSuccessTime ?? ""}/${status.contactCount ?? ""}/${status.reason ?? ""}` : "";
  const seen = useRef("");
  useEffect(() => {
    if (!outcome || seen.current === outcome) return;
    if (seen.current !== "" && status?.lastSuccessTime) announce(`Sync finished: ${plural(count(status.contactCount), "LinkedIn contact")}`);
    seen.current = outcome;
    onSynced();
  }, [outcome]);

  async function syncNow() {
    setError(undefined);
    try {
      await ok(api.POST("/v1/me/contactSync:run", { body: {} }));
      announce("Sync started");
      setAsked((n) => n + 1);
      await sync.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Section id="sync" title="Contact sync">
      <ErrorNotice error={sync.error} title="The sync status could not be read." />
      {status && (
        <>
          <p class="status-line" data-sync-state={status.state}>
            <strong>{label(syncStateLabels, status.state)}</strong>
            {status.reason !== "ELIGIBLE" && <> — {label(syncReasonLabels, status.reason)}</>}
          </p>
          <dl class="facts compact">
            <div class="fact">
              <dt>LinkedIn contacts</dt>
              <dd>{count(status.contactCount)}</dd>
            </div>
            <div class="fact">
              <dt>Last synced</dt>
              <dd>{when(status.lastSuccessTime)}</dd>
            </div>
            <div class="fact">
              <dt>Last sync</dt>
              <dd>
                {count(status.lastAdded)} added, {count(status.lastUpdated)} updated, {count(status.lastDeleted)} removed
              </dd>
            </div>
            {status.lastError && (
              <div class="fact">
                <dt>Last error</dt>
                <dd>{status.lastError}</dd>
              </div>
            )}
          </dl>
          {/* Not disabled while a sync runs: a disabled button drops the
              keyboard focus that pressed it. */}
          <button type="button" onClick={syncNow} disabled={status.reason !== "ELIGIBLE"} aria-describedby="sync-busy">
            Sync now
          </button>
          {busy && <span id="sync-busy" class="muted"> A sync is under way.</span>}
        </>
      )}
      <ErrorNotice error={error} title="The sync did not start." />
    </Section>
  );
}
