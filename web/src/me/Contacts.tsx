import { useEffect, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { useLoad } from "../ui/useLoad";
import { count } from "../ui/format";
import { announce } from "../ui/announce";
import { NewContact } from "./NewContact";
import { TableWrap } from "../ui/TableWrap";

type Contact = Schemas["v1Contact"];

// Contacts shows the user's contact folders: their own contacts, which they
// edit, and the LinkedIn folder the sync fills, which nobody edits here. A
// LinkedIn contact with the same email or phone as one of theirs says so
// (PRODUCT.md B14). changes and syncs count what may change the folders:
// the connection changing, a sync ending.
export function Contacts({ changes, syncs }: { changes: number; syncs: number }) {
  const folders = useLoad(() => ok(api.GET("/v1/me/contactFolders")), [changes, syncs]);
  const [open, setOpen] = useState("contacts");
  const contacts = useLoad(
    () => ok(api.GET("/v1/me/contactFolders/{folder}/contacts", { params: { path: { folder: open }, query: { pageSize: 1000 } } })),
    [open, folders.data],
  );
  const own = useLoad(
    () => ok(api.GET("/v1/me/contactFolders/{folder}/contacts", { params: { path: { folder: "contacts" }, query: { pageSize: 1000 } } })),
    [folders.data],
  );
  const [error, setError] = useState<unknown>();
  const folder = folders.data?.folders?.find((f) => f.id === open);
  const ids = (folders.data?.folders ?? []).map((f) => f.id ?? "");
  // A folder that went (the LinkedIn one, on disconnecting) leaves the
  // user in their own contacts.
  useEffect(() => {
    if (folders.data && !ids.includes(open)) setOpen("contacts");
  }, [folders.data]);
  const ownNames = new Map((own.data?.contacts ?? []).map((c) => [c.id ?? "", c.displayName ?? ""]));

  async function remove(c: Contact) {
    setError(undefined);
    try {
      await ok(
        api.DELETE("/v1/me/contactFolders/{folder}/contacts/{contact}", {
          params: { path: { folder: open, contact: c.id ?? "" }, query: { etag: c.etag } },
        }),
      );
      announce(`${c.displayName} deleted`);
      await folders.reload();
      // The pressed button went with its row.
      document.getElementById(`folder-${open}`)?.focus();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Section id="contacts" title="My contacts">
      <ErrorNotice error={folders.error} title="Your contact folders could not be read." />
      <div role="tablist" aria-label="Contact folders" class="tabs" onKeyDown={(e) => moveTab(e, ids, open, setOpen)}>
        {(folders.data?.folders ?? []).map((f) => (
          <button
            key={f.id}
            role="tab"
            type="button"
            id={`folder-${f.id}`}
            aria-selected={f.id === open}
            aria-controls="folder-panel"
            tabIndex={f.id === open ? 0 : -1}
            onClick={() => setOpen(f.id ?? "contacts")}
          >
            {f.displayName} ({count(f.totalCount)}){f.readOnly ? " · read-only" : ""}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="folder-panel" aria-labelledby={`folder-${open}`}>
        {folder?.readOnly && (
          <p class="notice" data-read-only="true">
            Read-only: LinkedIn keeps these contacts up to date. They cannot be edited or deleted here; they go when
            you disconnect or your organization turns LinkedIn off.
          </p>
        )}
        {open === "linkedin" && !folder && !folders.loading && (
          <p class="muted">No LinkedIn folder: connect LinkedIn, and your organization must allow contact sync.</p>
        )}
        <ErrorNotice error={contacts.error} title="The contacts could not be read." />
        <ContactTable
          contacts={contacts.data?.contacts ?? []}
          readOnly={!!folder?.readOnly}
          ownNames={ownNames}
          onDelete={remove}
        />
        {folder && !folder.readOnly && <NewContact folder={open} onCreated={() => folders.reload()} />}
        <ErrorNotice error={error} />
      </div>
    </Section>
  );
}

// moveTab is the tabs' keyboard pattern (WAI-ARIA): the arrow keys, Home
// and End move between folders; Tab leaves the tab list.
function moveTab(e: KeyboardEvent, ids: string[], open: string, setOpen: (id: string) => void) {
  const at = ids.indexOf(open);
  const next: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: ids.length - 1 };
  if (!(e.key in next) || ids.length === 0) return;
  e.preventDefault();
  const id = ids[(next[e.key]! + ids.length) % ids.length]!;
  setOpen(id);
  document.getElementById(`folder-${id}`)?.focus();
}

function ContactTable({ contacts, readOnly, ownNames, onDelete }: {
  contacts: Contact[];
  readOnly: boolean;
  ownNames: Map<string, string>;
  onDelete: (c: Contact) => void;
}) {
  if (contacts.length === 0) return <p class="muted">No contacts in this folder.</p>;
  return (
    <TableWrap label="Contacts">
      <table>
        <caption class="visually-hidden">Contacts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Phones</th>
            <th scope="col">Emails</th>
            <th scope="col">Addresses</th>
            {readOnly ? <th scope="col">Also in your contacts</th> : <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {contacts.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {c.displayName}
                {c.jobTitle && <div class="muted">{[c.jobTitle, c.companyName].filter(Boolean).join(", ")}</div>}
              </th>
              <td>{(c.phones ?? []).map((p) => <div key={p.number}>{p.number}</div>)}</td>
              <td>{(c.emailAddresses ?? []).map((e) => <div key={e.address}>{e.address}</div>)}</td>
              <td>
                {(c.postalAddresses ?? []).map((a, i) => (
                  <div key={i}>{[a.street, a.city, a.postalCode, a.countryOrRegion].filter(Boolean).join(", ")}</div>
                ))}
              </td>
              {readOnly ? (
                <td>{c.linkedContact ? `Same person as ${ownNames.get(c.linkedContact) || "one of your contacts"}` : ""}</td>
              ) : (
                <td>
                  <button type="button" class="small" onClick={() => onDelete(c)} aria-label={`Delete ${c.displayName}`}>
                    Delete
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
