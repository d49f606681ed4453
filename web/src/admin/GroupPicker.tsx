import { useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { useDebounced } from "../ui/useDebounced";
import { useLoad } from "../ui/useLoad";
import { ErrorNotice } from "../ui/ErrorNotice";

// GroupPicker finds a group by id or name as the admin types, and picks one.
// The results are a list of buttons, so keyboard users reach them with Tab.
export function GroupPicker({ tenant, value, onPick }: { tenant: string; value: string; onPick: (id: string) => void }) {
  const [query, setQuery] = useState("");

  const settled = useDebounced(query.trim());
  const found = useLoad(
    () => ok(api.GET("/v1/tenants/{tenant}/groups", { params: { path: { tenant }, query: { query: settled, pageSize: 20 } } })),
    [tenant, settled],
    true,
  );
  const groups = found.data?.groups ?? [];

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
        {found.data && groups.length === 0 && <li class="muted">No group matches.</li>}
        {groups.map((g) => (
          <li key={g.id}>
            <button type="button" class="link" aria-pressed={g.id === value} onClick={() => onPick(g.id ?? "")}>
              {g.displayName}
            </button>{" "}
            <span class="muted">({g.id})</span>
          </li>
        ))}
      </ul>
      <ErrorNotice error={found.error} title="Groups could not be searched." />
    </div>
  );
}
