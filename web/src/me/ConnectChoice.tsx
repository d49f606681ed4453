import { useEffect, useRef, useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { useLoad } from "../ui/useLoad";
import { directionLabels, sharedByDirection } from "../ui/labels";
import { SharedData } from "./SharedData";

const directions = ["BIDIRECTIONAL", "LINKEDIN_TO_ORGANIZATION"] as const;

// ConnectChoice asks which way data may flow, showing what each choice
// shares, then sends the browser to LinkedIn to approve; LinkedIn sends it
// back to the console with the outcome. It asks policy first, so a user
// who may not connect reads why instead of a form, and "both ways" is not
// offered where the tenant allows LinkedIn to organization only. focus
// moves the keyboard to the first choice (the card's Connect prompt).
export function ConnectChoice({ focus }: { focus: boolean }) {
  const access = useLoad(
    () =>
      Promise.all([
        ok(api.GET("/v1/me/access", { params: { query: { capability: "ACCOUNT_CONNECTION", surface: "WEB" } } })),
        ok(api.GET("/v1/me/access", { params: { query: { capability: "SHARE_DATA_WITH_LINKEDIN", surface: "WEB" } } })),
      ]),
    [],
  );
  const [direction, setDirection] = useState<(typeof directions)[number]>("BIDIRECTIONAL");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const focused = useRef(false);
  const [connect, share] = access.data ?? [];
  const bothWaysAllowed = !!share?.allowed;

  useEffect(() => {
    if (share && !share.allowed) setDirection("LINKEDIN_TO_ORGANIZATION");
  }, [share]);
  useEffect(() => {
    if (focus && connect?.allowed && !focused.current) {
      focused.current = true;
      // The page has scrolled the connection into view; moving focus must
      // not move what is under the pointer.
      document.getElementById(`direction-${direction}`)?.focus({ preventScroll: true });
    }
  }, [focus, connect]);

  async function start(e: Event) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const started = await ok(
        api.POST("/v1/me/linkedinConnection:connect", {
          body: { direction, redirectUri: `${window.location.origin}/` },
        }),
      );
      window.location.assign(started.authorizationUrl ?? "/");
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  if (access.error) return <ErrorNotice error={access.error} title="Whether you may connect could not be checked." />;
  if (!connect) return <p role="status">Checking what you may share…</p>;
  if (!connect.allowed) {
    return (
      <p class="notice" data-access-reason={connect.reason}>
        <strong>You cannot connect LinkedIn:</strong> {connect.message}
      </p>
    );
  }
  return (
    <form onSubmit={start}>
      <fieldset>
        <legend>How may LinkedIn and your organization share data?</legend>
        {directions.map((d) => {
          const refused = d === "BIDIRECTIONAL" && !bothWaysAllowed;
          return (
            <div class="option" key={d}>
              <label class="choice">
                <input
                  type="radio"
                  id={`direction-${d}`}
                  name="direction"
                  value={d}
                  checked={direction === d}
                  disabled={refused}
                  aria-describedby={refused ? "both-ways-refused" : undefined}
                  onChange={() => setDirection(d)}
                />
                {directionLabels[d]}
              </label>
              {refused && (
                <p id="both-ways-refused" class="muted">
                  Not offered: {share?.message}
                </p>
              )}
              <SharedData toOrganization={sharedByDirection[d]!.toOrganization} toLinkedin={sharedByDirection[d]!.toLinkedin} />
            </div>
          );
        })}
      </fieldset>
      <button type="submit" class="primary" disabled={busy}>
        Connect LinkedIn
      </button>
      <p class="hint">You will approve the connection at LinkedIn, then come back here. You can disconnect at any time.</p>
      <ErrorNotice error={error} title="Connecting did not start." />
    </form>
  );
}
