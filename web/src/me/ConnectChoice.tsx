import { useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { directionLabels, sharedByDirection } from "../ui/labels";
import { SharedData } from "./SharedData";

const directions = ["BIDIRECTIONAL", "LINKEDIN_TO_ORGANIZATION"] as const;

// ConnectChoice asks which way data may flow, showing what each choice
// shares, then sends the browser to LinkedIn to approve. LinkedIn sends it
// back to the console with the outcome.
export function ConnectChoice() {
  const [direction, setDirection] = useState<(typeof directions)[number]>("BIDIRECTIONAL");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function connect(e: Event) {
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

  return (
    <form onSubmit={connect}>
      <fieldset>
        <legend>How may LinkedIn and your organization share data?</legend>
        {directions.map((d) => (
          <div class="option" key={d}>
            <label class="choice">
              <input
                type="radio"
                id={`direction-${d}`}
                name="direction"
                value={d}
                checked={direction === d}
                onChange={() => setDirection(d)}
              />
              {directionLabels[d]}
            </label>
            <SharedData toOrganization={sharedByDirection[d]!.toOrganization} toLinkedin={sharedByDirection[d]!.toLinkedin} />
          </div>
        ))}
      </fieldset>
      <button type="submit" class="primary" disabled={busy}>
        Connect LinkedIn
      </button>
      <p class="hint">You will approve the connection at LinkedIn, then come back here. You can disconnect at any time.</p>
      <ErrorNotice error={error} title="Connecting did not start." />
    </form>
  );
}
