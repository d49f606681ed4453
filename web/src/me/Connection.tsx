import { useCallback, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { announce } from "../ui/announce";
import { useLoad } from "../ui/useLoad";
import { usePoll } from "../ui/usePoll";
import { when } from "../ui/format";
import { directionLabels, directionShort, label, remoteStepLabels } from "../ui/labels";
import { ConnectChoice } from "./ConnectChoice";
import { DisconnectReceipt } from "./DisconnectReceipt";
import { SharedData } from "./SharedData";

// Connection shows the user's LinkedIn connection and lets them connect
// (choosing what is shared) or disconnect (with the receipt of what was
// removed, here and at LinkedIn). Remote clean-up after a disconnect is
// shown until it is done.
export function Connection({ onChange, focusConnect }: { onChange: () => void; focusConnect: boolean }) {
  const mine = useLoad(() => ok(api.GET("/v1/me/linkedinConnection")), []);
  const [receipt, setReceipt] = useState<Schemas["v1DisconnectResponse"]>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const connection = mine.data;
  const connected = connection?.state === "CONNECTED";
  const pending = (connection?.pendingRemoteSteps ?? []).filter((s) => s.state === "PENDING");
  const reload = useCallback(() => void mine.reload(), [mine.reload]);
  usePoll(reload, 2000, pending.length > 0 && !mine.error);

  async function disconnect() {
    setError(undefined);
    setBusy(true);
    try {
      const result = await ok(api.POST("/v1/me/linkedinConnection:disconnect", { body: {} }));
      setReceipt(result);
      setConfirming(false);
      announce("LinkedIn is disconnected. Your LinkedIn contacts are removed.");
      await mine.reload();
      onChange();
      // The buttons that were pressed are gone: the receipt takes focus.
      window.setTimeout(() => document.getElementById("receipt-title")?.focus(), 0);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="connection" title="LinkedIn connection">
      <ErrorNotice error={mine.error} title="Your connection could not be read." />
      {mine.loading && !mine.data && <p role="status">Loading…</p>}
      {connection && connected && (
        <>
          <p class="status-line" data-connection="CONNECTED">
            <strong>Connected</strong> to LinkedIn member <code>{connection.memberId}</code> since{" "}
            {when(connection.connectTime)}, sharing {label(directionShort, connection.direction)}.
          </p>
          <p class="muted">{label(directionLabels, connection.direction)}</p>
          <SharedData
            toOrganization={connection.sharedWithOrganization ?? []}
            toLinkedin={connection.sharedWithLinkedin ?? []}
          />
          {!confirming ? (
            <button type="button" onClick={() => setConfirming(true)}>
              Disconnect LinkedIn
            </button>
          ) : (
            <div class="confirm" role="group" aria-labelledby="confirm-disconnect">
              <p id="confirm-disconnect">
                Disconnect? Your LinkedIn contacts are deleted here, and LinkedIn is asked to delete the contacts
                it imported from you.
              </p>
              <button type="button" class="danger" onClick={disconnect} disabled={busy}>
                Yes, disconnect
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep the connection
              </button>
            </div>
          )}
        </>
      )}
      {connection && !connected && (
        <>
          <p class="status-line" data-connection="NOT_CONNECTED">
            <strong>Not connected.</strong> Connect to see LinkedIn information on profile cards and your LinkedIn
            connections in your contacts.
          </p>
          <ConnectChoice focus={focusConnect} />
        </>
      )}
      {pending.length > 0 && (
        <div role="status" class="notice">
          Still being done at LinkedIn:
          <ul>
            {pending.map((s) => (
              <li key={s.kind}>{label(remoteStepLabels, s.kind)}</li>
            ))}
          </ul>
        </div>
      )}
      {receipt && <DisconnectReceipt receipt={receipt} />}
      <ErrorNotice error={error} />
    </Section>
  );
}
