import { useState } from "preact/hooks";
import { api, ok, okBlob } from "../api/client";
import { announce } from "../ui/announce";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { useLoad } from "../ui/useLoad";
import { count, when } from "../ui/format";
import { directionShort, label } from "../ui/labels";
import { TableWrap } from "../ui/TableWrap";

// ConsentReport is who connected, which way and since when (PRODUCT.md B5),
// with the same report as CSV.
export function ConsentReport({ tenant }: { tenant: string }) {
  const report = useLoad(
    () => ok(api.GET("/v1/tenants/{tenant}/linkedinConnections", { params: { path: { tenant }, query: { pageSize: 500 } } })),
    [tenant],
  );
  const [error, setError] = useState<unknown>();

  async function download() {
    setError(undefined);
    try {
      const csv = await okBlob(
        api.GET("/v1/tenants/{tenant}/linkedinConnections", {
          // format is the gateway's own parameter (added to the document it
          // serves), so the types generated from the protos' document do not
          // list it.
          params: { path: { tenant }, query: { format: "csv" } as never },
          parseAs: "blob",
        }),
      );
      const link = document.createElement("a");
      link.href = URL.createObjectURL(csv);
      link.download = `${tenant}-linkedin-connections.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      // Some browsers start the download after click returns.
      window.setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      announce("The consent report is downloaded as CSV");
    } catch (err) {
      setError(err);
    }
  }

  const r = report.data;
  return (
    <Section
      id="consent-report"
      title="Consent report"
      actions={
        <button type="button" onClick={download}>
          Download CSV
        </button>
      }
    >
      <ErrorNotice error={report.error} title="The report could not be read." />
      {r && (
        <>
          <p data-report="totals">
            {count(r.totalConnected)} connected: {count(r.bidirectional)} both ways, {count(r.linkedinToOrganization)} LinkedIn to
            organization only.
          </p>
          <TableWrap label="Connected users">
            <table>
              <caption class="visually-hidden">Connected users</caption>
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Direction</th>
                  <th scope="col">Since</th>
                  <th scope="col">LinkedIn member</th>
                </tr>
              </thead>
              <tbody>
                {(r.connections ?? []).map((c) => (
                  <tr key={c.user}>
                    <th scope="row">{c.user}</th>
                    <td>{label(directionShort, c.direction)}</td>
                    <td>{when(c.connectTime)}</td>
                    <td>{c.memberId}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      <ErrorNotice error={error} title="The CSV could not be downloaded." />
    </Section>
  );
}
