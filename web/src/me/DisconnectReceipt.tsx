import type { Schemas } from "../api/client";
import { count } from "../ui/format";
import { label, remoteStepLabels } from "../ui/labels";

// DisconnectReceipt says what a disconnect removed, here and at LinkedIn,
// and which remote steps are still to be done.
export function DisconnectReceipt({ receipt }: { receipt: Schemas["v1DisconnectResponse"] }) {
  return (
    <div class="notice success receipt" aria-labelledby="receipt-title">
      <p id="receipt-title" class="notice-title" tabIndex={-1}>
        Disconnected. What was removed:
      </p>
      <ul>
        <li>Consent withdrawn here: {receipt.grantRevoked ? "yes" : "it was already"}</li>
        <li>LinkedIn's access revoked: {receipt.providerTokensRevoked ? "yes" : "not yet (it is retried)"}</li>
        <li>Contacts LinkedIn had imported from you, deleted there: {count(receipt.importedContactsDeleted)}</li>
        {(receipt.remoteSteps ?? []).map((s) => (
          <li key={s.kind}>
            {label(remoteStepLabels, s.kind)}: {s.state === "DONE" ? "done" : s.state === "FAILED" ? "failed, retried" : "pending"}
          </li>
        ))}
      </ul>
      {(receipt.warnings ?? []).map((w) => (
        <p key={w}>{w}</p>
      ))}
    </div>
  );
}
