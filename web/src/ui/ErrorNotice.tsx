import { asApiError } from "../api/errors";

// ErrorNotice shows a failed call as people read it: the message, the
// fields at fault, what to do next, and the request id for support. It is
// an alert, so a screen reader reads it when it appears.
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const e = asApiError(error);
  return (
    <div class="notice error" role="alert">
      <p class="notice-title">{title ?? "That did not work."}</p>
      <p>{e.message}</p>
      {e.fields.length > 0 && (
        <ul>
          {e.fields.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code> {f.rule}
            </li>
          ))}
        </ul>
      )}
      <p>
        <strong>What to do:</strong> {e.nextStep}
      </p>
      {e.requestId && (
        <p class="request-id">
          Request id for support: <code>{e.requestId}</code>
        </p>
      )}
    </div>
  );
}
