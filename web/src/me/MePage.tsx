import { useEffect, useState } from "preact/hooks";
import { People } from "./People";
import { Connection } from "./Connection";
import { Contacts } from "./Contacts";
import { SyncStatus } from "./SyncStatus";
import { announce } from "../ui/announce";

// MePage is a user's page: people and their cards, the LinkedIn connection,
// the contacts LinkedIn syncs, and the sync's status. A change in one part
// (connecting, disconnecting) reloads the others.
export function MePage({ route }: { route: string }) {
  const [generation, setGeneration] = useState(0);
  const [synced, setSynced] = useState(0);
  const [outcome] = useState(readConnectOutcome);
  const changed = () => setGeneration((n) => n + 1);
  useEffect(() => {
    if (route === "/me/connect") document.getElementById("connection")?.scrollIntoView();
  }, [route]);
  useEffect(() => outcome && announce(outcome.text), [outcome]);
  return (
    <>
      <h1>My LinkedIn</h1>
      {outcome && (
        <p class={`notice ${outcome.ok ? "success" : "error"}`} role="status">
          {outcome.text}
        </p>
      )}
      <People key={`people-${generation}`} />
      <Connection onChange={changed} focusConnect={route === "/me/connect"} />
      <SyncStatus key={`sync-${generation}`} onSynced={() => setSynced((n) => n + 1)} />
      <Contacts changes={generation} syncs={synced} />
    </>
  );
}

// readConnectOutcome reads what LinkedIn's OAuth round trip ended with:
// the gateway sends the browser back to / with ?linkedin=connected, denied
// or error (and a reason). The query is then dropped from the address bar.
function readConnectOutcome(): { ok: boolean; text: string } | undefined {
  const query = new URLSearchParams(window.location.search);
  const outcome = query.get("linkedin");
  if (!outcome) return undefined;
  window.history.replaceState(null, "", `/${window.location.hash || "#/me"}`);
  if (outcome === "connected") return { ok: true, text: "Your LinkedIn account is connected." };
  if (outcome === "denied") return { ok: false, text: "You did not allow the connection at LinkedIn. Nothing was shared." };
  const reason = query.get("reason");
  return { ok: false, text: `The connection did not complete${reason ? ` (${reason})` : ""}. Try connecting again.` };
}
