import { api, ok } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { useLoad } from "../ui/useLoad";
import { count, when } from "../ui/format";
import { label, syncReasonLabels, syncStateLabels } from "../ui/labels";
import { TableWrap } from "../ui/TableWrap";

// SyncStatuses is the contact sync's state for each user, with the reason
// when it does not run.
export function SyncStatuses({ tenant }: { tenant: string }) {
  const statuses = useLoad(
    () => ok(api.GET("/v1/tenants/{tenant}/contactSync", { params: { path: { tenant }, query: { pageSize: 200 } } })),
    [tenant],
  );
  return (
    <Section
      id="sync-statuses"
      title="Contact sync by user"
      actions={
        <button type="button" onClick={() => statuses.reload()}>
          Refresh
        </button>
      }
    >
      <ErrorNotice error={statuses.error} title="The sync status could not be read." />
      <TableWrap label="Contact sync by user">
        <table>
          <caption class="visually-hidden">Contact sync by user</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">State</th>
              <th scope="col">Why</th>
              <th scope="col">Contacts</th>
              <th scope="col">Last synced</th>
            </tr>
          </thead>
          <tbody>
            {(statuses.data?.statuses ?? []).map((s) => (
              <tr key={s.user} data-user={s.user}>
                <th scope="row">{s.user}</th>
                <td>{label(syncStateLabels, s.state)}</td>
                <td>{label(syncReasonLabels, s.reason)}</td>
                <td>{count(s.contactCount)}</td>
                <td>{when(s.lastSuccessTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </Section>
  );
}
