import type { Schemas } from "../api/client";
import { api, ok } from "../api/client";
import { useLoad } from "../ui/useLoad";
import { ErrorNotice } from "../ui/ErrorNotice";
import { count, plural } from "../ui/format";

// ImpactPreview says what a proposed setting would do before it is saved:
// who gains and loses access, and how many synced contacts would be deleted.
export function ImpactPreview({ tenant, proposed }: { tenant: string; proposed: Schemas["v1LinkedInSettings"] }) {
  const body = { mode: proposed.mode, selectedGroup: proposed.mode === "SELECTED_GROUP" ? proposed.selectedGroup : undefined, maxConsentDirection: proposed.maxConsentDirection };
  const preview = useLoad(
    () => ok(api.POST("/v1/tenants/{tenant}/linkedinSettings:preview", { params: { path: { tenant } }, body })),
    [tenant, body.mode, body.selectedGroup, body.maxConsentDirection],
    true,
  );
  if (proposed.mode === "SELECTED_GROUP" && !proposed.selectedGroup) return <p class="notice">Pick a group to see the impact.</p>;
  const p = preview.data;
  return (
    <div class="notice impact" role="status" aria-live="polite" aria-busy={preview.loading ? "true" : "false"}>
      <p class="notice-title">Impact of this change</p>
      <ErrorNotice error={preview.error} title="The impact could not be computed." />
      {p && (
        <>
          <p data-impact="summary">
            {plural(count(p.usersLosing), "user")} lose access, {plural(count(p.usersGaining), "user")} gain access
            {p.contactsCounted ? `, ${plural(count(p.contactsDeleted), "contact")} will be deleted` : " (contacts could not be counted now)"}.
          </p>
          {(p.sampleLosing?.length ?? 0) > 0 && <p>Losing access: {p.sampleLosing!.join(", ")}</p>}
          {(p.sampleGaining?.length ?? 0) > 0 && <p>Gaining access: {p.sampleGaining!.join(", ")}</p>}
          <p class="muted">
            {count(p.allowedNow)} of {count(p.totalUsers)} users may connect now; {count(p.allowedAfter)} after.
          </p>
        </>
      )}
    </div>
  );
}
