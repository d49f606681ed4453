import { useEffect, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { useLoad } from "../ui/useLoad";
import { announce } from "../ui/announce";
import { when } from "../ui/format";

type Setting = NonNullable<Schemas["v1ClientPolicy"]["setting"]>;
const settings: [Setting, string][] = [
  ["NOT_CONFIGURED", "Not configured: users choose in each app"],
  ["ENABLED", "Enabled: LinkedIn features show, and users cannot turn them off"],
  ["DISABLED", "Disabled: LinkedIn features never show in desktop apps"],
];

// ClientPolicy is "Show LinkedIn features in Office applications" (seed
// 003): it governs the desktop surfaces.
export function ClientPolicy({ tenant, onChange }: { tenant: string; onChange: () => void }) {
  const saved = useLoad(() => ok(api.GET("/v1/tenants/{tenant}/clientPolicy", { params: { path: { tenant } } })), [tenant]);
  const [setting, setSetting] = useState<Setting>("NOT_CONFIGURED");
  const [error, setError] = useState<unknown>();
  useEffect(() => saved.data?.setting && setSetting(saved.data.setting), [saved.data]);

  async function save(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      await ok(api.PATCH("/v1/tenants/{tenant}/clientPolicy", { params: { path: { tenant } }, body: { setting, etag: saved.data?.etag } }));
      announce("The Office apps policy is saved");
      await saved.reload();
      onChange();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Section id="client-policy" title="Show LinkedIn features in Office applications">
      <ErrorNotice error={saved.error} title="The policy could not be read." />
      {saved.data && (
        <form onSubmit={save}>
          <fieldset>
            <legend>Desktop apps</legend>
            {settings.map(([value, text]) => (
              <label class="choice" key={value}>
                <input type="radio" name="client-setting" checked={setting === value} onChange={() => setSetting(value)} />
                {text}
              </label>
            ))}
          </fieldset>
          {(saved.data.groupOverrides?.length ?? 0) > 0 && (
            <p>
              Group overrides: {saved.data.groupOverrides!.map((o) => `${o.group}: ${o.setting}`).join("; ")}
            </p>
          )}
          <button type="submit" disabled={setting === saved.data.setting}>
            Save
          </button>
          <p class="muted">Last changed {when(saved.data.updateTime)}.</p>
        </form>
      )}
      <ErrorNotice error={error} title="The policy was not saved." />
    </Section>
  );
}
