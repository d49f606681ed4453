import { useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { announce } from "../ui/announce";

// NewContact adds one of the user's own contacts.
export function NewContact({ folder, onCreated }: { folder: string; onCreated: () => void }) {
  const [givenName, setGivenName] = useState("");
  const [surname, setSurname] = useState("");
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [error, setError] = useState<unknown>();

  async function create(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      const created = await ok(
        api.POST("/v1/me/contactFolders/{folder}/contacts", {
          params: { path: { folder } },
          body: {
            givenName,
            surname,
            emailAddresses: email ? [{ type: "WORK", address: email }] : [],
            phones: phone ? [{ type: "MOBILE", number: phone }] : [],
          },
        }),
      );
      announce(`${created.displayName} added to your contacts`);
      setGivenName("");
      setSurname("");
      setEmail("");
      setPhone("");
      onCreated();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form onSubmit={create} class="new-contact">
      <h3>Add a contact</h3>
      <div class="row">
        <label>
          First name
          <input value={givenName} onInput={(e) => setGivenName(e.currentTarget.value)} maxLength={128} />
        </label>
        <label>
          Last name
          <input value={surname} onInput={(e) => setSurname(e.currentTarget.value)} maxLength={128} />
        </label>
        <label>
          Email
          <input type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          Phone
          <input type="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
        </label>
        <button type="submit">Add</button>
      </div>
      <ErrorNotice error={error} title="The contact was not added." />
    </form>
  );
}
