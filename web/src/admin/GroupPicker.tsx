import { useEffect, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";

// GroupPicker finds a group by id or name as the admin types, and picks one.
// The results are a list of buttons, so keyboard users reach them with Tab.
export function GroupPicker({ tenant, value, onPick }: { tenant: string; value: string; onPick: (id: string) => void }) {
  const [query, setQuery] = useState("");
  const [groups, setGroups] = useState<Schemas["v1Group"][]>([]);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let current = true;
    const id = window.setTimeout(() => {
      ok(api.GET("/v1/tenants/{tenant}/groups", { params: { path: { tenant }, query: { query: query.trim(), pageSize: 20 } } }))
        .then((r) => current && (setGroups(r.groups ?? []), setError(undefined)))
        .catch((err) => current && setError(err));
    }, 200);
    return () => {
      current = false;
      window.clearTimeout(id);
    };
  }, [tenant, query]);

  return (
    <div class="group-picker">
      <p>
        Selected group: <strong data-selected-group={value}>{value || "none"}</strong>
      </p>
      <label>
        Find a group
        <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} maxLength={100} autocomplete="off" />
      </label>
      <ul class="results" aria-label="Groups found" aria-live="polite">
        {groups.length === 0 && <li class="muted">No group matches.</li>}
        {groups.map((g) => (
          <li key={g.id}>
            <button type="button" class="link" aria-pressed={g.id === value} onClick={() => onPick(g.id ?? "")}>
              {g.displayName}
            </button>{" "}
            <span class="muted">({g.id})</span>
          </li>
        ))}
      </ul>
      <ErrorNotice error={error} title="Groups could not be searched." />
    </div>
  );
}
