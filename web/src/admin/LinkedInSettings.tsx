import { useEffect, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { useLoad } from "../ui/useLoad";
import { announce } from "../ui/announce";
import { directionShort, modeLabels } from "../ui/labels";
import { when } from "../ui/format";
import { GroupPicker } from "./GroupPicker";
import { ImpactPreview } from "./ImpactPreview";

type Settings = Schemas["v1LinkedInSettings"];
const modes = ["ENABLED", "SELECTED_GROUP", "DISABLED"] as const;

// LinkedInSettings is the tenant's LinkedIn account connections setting
// (Yes / Selected group / No) and the widest consent users may give. The
// impact of a change is shown before it is saved (PRODUCT.md B7).
export function LinkedInSettings({ tenant, onChange }: { tenant: string; onChange: () => void }) {
  const saved = useLoad(() => ok(api.GET("/v1/tenants/{tenant}/linkedinSettings", { params: { path: { tenant } } })), [tenant]);
  const [draft, setDraft] = useState<Settings>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => saved.data && setDraft(saved.data), [saved.data]);

  const current = saved.data;
  const dirty =
    !!current &&
    (draft.mode !== current.mode ||
      (draft.mode === "SELECTED_GROUP" && draft.selectedGroup !== current.selectedGroup) ||
      draft.maxConsentDirection !== current.maxConsentDirection);

  async function save(e: Event) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const body: Settings = { mode: draft.mode, maxConsentDirection: draft.maxConsentDirection, etag: current?.etag };
      if (draft.mode === "SELECTED_GROUP") body.selectedGroup = draft.selectedGroup;
      await ok(api.PATCH("/v1/tenants/{tenant}/linkedinSettings", { params: { path: { tenant } }, body }));
      announce("The LinkedIn setting is saved");
      await saved.reload();
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="settings" title="LinkedIn account connections">
      <ErrorNotice error={saved.error} title="The setting could not be read." />
      {current && !current.available && (
        <p class="notice">Not available for this tenant's cloud or data location: users cannot connect, whatever is set.</p>
      )}
      {current && (
        <form onSubmit={save}>
          <fieldset>
            <legend>Allow users to connect their LinkedIn accounts</legend>
            {modes.map((m) => (
              <label class="choice" key={m}>
                <input type="radio" name="mode" value={m} checked={draft.mode === m} onChange={() => setDraft({ ...draft, mode: m })} />
                {modeLabels[m]}
              </label>
            ))}
          </fieldset>
          {draft.mode === "SELECTED_GROUP" && (
            <GroupPicker tenant={tenant} value={draft.selectedGroup ?? ""} onPick={(g) => setDraft({ ...draft, selectedGroup: g })} />
          )}
          <label>
            Widest consent users may give
            <select
              value={draft.maxConsentDirection}
              onChange={(e) => setDraft({ ...draft, maxConsentDirection: e.currentTarget.value as Settings["maxConsentDirection"] })}
            >
              <option value="BIDIRECTIONAL">{directionShort.BIDIRECTIONAL}</option>
              <option value="LINKEDIN_TO_ORGANIZATION">{directionShort.LINKEDIN_TO_ORGANIZATION} only</option>
            </select>
          </label>
          {dirty && <ImpactPreview tenant={tenant} proposed={draft} />}
          <button type="submit" class="primary" disabled={!dirty || busy || (draft.mode === "SELECTED_GROUP" && !draft.selectedGroup)}>
            Save
          </button>
          <p class="muted">
            Last changed {when(current.updateTime)}
            {current.updateActor ? ` by ${current.updateActor}` : ""}
            {current.modeSource === "DEFAULT" ? " (the default)" : ""}.
          </p>
        </form>
      )}
      <ErrorNotice error={error} title="The setting was not saved." />
    </Section>
  );
}
