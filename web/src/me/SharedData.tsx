import { dataCategoryLabels, label } from "../ui/labels";

// SharedData lists what flows each way under a connection (seed 004).
export function SharedData({ toOrganization, toLinkedin }: { toOrganization: string[]; toLinkedin: string[] }) {
  return (
    <div class="shared">
      <div>
        <h4>LinkedIn shares with your organization</h4>
        <ul>
          {toOrganization.map((c) => (
            <li key={c}>{label(dataCategoryLabels, c)}</li>
          ))}
        </ul>
      </div>
      <div>
        <h4>Your organization shares with LinkedIn</h4>
        {toLinkedin.length === 0 ? (
          <p class="muted">Nothing.</p>
        ) : (
          <ul>
            {toLinkedin.map((c) => (
              <li key={c}>{label(dataCategoryLabels, c)}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
