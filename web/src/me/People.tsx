import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ErrorNotice } from "../ui/ErrorNotice";
import { Section } from "../ui/Section";
import { announce } from "../ui/announce";
import { ProfileCard } from "./ProfileCard";

// People finds colleagues in the directory and opens anyone's profile card:
// a colleague from the results, or anyone by email (people outside the
// organization are not in the directory but may be on LinkedIn).
export function People() {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Schemas["v1Person"][]>();
  const [card, setCard] = useState<Schemas["v1ProfileCard"]>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function search(e: Event) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const result = await ok(api.GET("/v1/me/people", { params: { query: { query: query.trim() } } }));
      setFound(result.people ?? []);
      announce(`${result.people?.length ?? 0} people found`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function open(target: string) {
    setError(undefined);
    setBusy(true);
    try {
      const result = await ok(
        api.GET("/v1/me/profileCards/{target}", { params: { path: { target }, query: { surface: "WEB" } } }),
      );
      setCard(result);
      announce(`Profile card of ${result.directory?.displayName || target} opened`);
      window.setTimeout(() => document.getElementById("card-name")?.focus(), 0);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const email = query.trim();
  const looksLikeEmail = /^[^\s@]+@[^\s@]+$/.test(email);
  return (
    <Section id="people" title="People">
      <form role="search" onSubmit={search} class="row">
        <label>
          Name or email
          <input
            type="search"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            required
            maxLength={100}
            autocomplete="off"
          />
        </label>
        <button type="submit" disabled={busy}>
          Search
        </button>
        {looksLikeEmail && (
          <button type="button" onClick={() => open(email)} disabled={busy}>
            Open the card of {email}
          </button>
        )}
      </form>
      {found && (
        <ul class="results" aria-label="People found">
          {found.length === 0 && <li class="muted">Nobody in the directory matches. Anyone can be looked up by email.</li>}
          {found.map((p) => (
            <li key={p.id}>
              <button type="button" class="link" onClick={() => open(p.email || p.id || "")}>
                {p.displayName || p.id}
              </button>{" "}
              <span class="muted">
                {p.jobTitle}
                {p.department ? `, ${p.department}` : ""} · {p.email}
              </span>
            </li>
          ))}
        </ul>
      )}
      <ErrorNotice error={error} />
      {card && <ProfileCard card={card} />}
    </Section>
  );
}
