import type { Schemas } from "../api/client";
import { label, sourceLabels } from "../ui/labels";
import { when } from "../ui/format";
import { safeUrl } from "../ui/safeUrl";

type Card = Schemas["v1ProfileCard"];
type Provenance = Schemas["v1Provenance"];

// ProfileCard shows one person's card: the directory facts, then the
// LinkedIn section or the reason it is not shown, and beside every field
// where its value came from and when (PRODUCT.md B13).
export function ProfileCard({ card }: { card: Card }) {
  const dir = card.directory ?? {};
  const li = card.linkedin ?? {};
  const sources = new Map((card.provenance ?? []).map((p) => [p.field ?? "", p]));
  const name = li.state === "SHOWN" && li.displayName ? li.displayName : dir.displayName || dir.email || card.target;
  return (
    <article class="profile" aria-labelledby="card-name">
      <h3 id="card-name" tabIndex={-1}>
        {name}
      </h3>
      <dl class="facts">
        <Fact name="Name" value={dir.displayName} from={sources.get("display_name")} />
        <Fact name="Email" value={dir.email} from={sources.get("email")} />
        <Fact name="Job title" value={dir.jobTitle} from={sources.get("job_title")} />
        <Fact name="Department" value={dir.department} from={sources.get("department")} />
        <Fact name="Company" value={dir.company} from={sources.get("company")} />
        <Fact name="Office" value={dir.office} from={sources.get("office")} />
        <Fact
          name="Phone"
          value={(dir.phones ?? []).map((p) => `${p.number} (${p.type})`).join(", ")}
          from={sources.get("phones")}
        />
        <Fact name="Manager" value={dir.managerDisplayName} from={sources.get("manager_display_name")} />
        <Fact
          name="Direct reports"
          value={dir.inDirectory ? String(dir.directReportsCount ?? 0) : ""}
          from={sources.get("direct_reports_count")}
        />
      </dl>
      {!dir.inDirectory && <p class="muted">Not in your organization's directory.</p>}
      <LinkedInSection section={li} sources={sources} />
    </article>
  );
}

function Fact({ name, value, from }: { name: string; value?: string; from?: Provenance }) {
  if (!value) return null;
  return (
    <div class="fact">
      <dt>{name}</dt>
      <dd>
        {value}
        <Source from={from} />
      </dd>
    </div>
  );
}

function Source({ from }: { from?: Provenance }) {
  if (!from) return null;
  return (
    <span class="source">
      {" "}
      from {label(sourceLabels, from.source)}
      {from.fetchTime ? `, read ${when(from.fetchTime)}` : ""}
    </span>
  );
}

function LinkedInSection({ section, sources }: { section: Schemas["v1LinkedInSection"]; sources: Map<string, Provenance> }) {
  const from = (field: string) => sources.get(`linkedin.${field}`);
  if (section.state !== "SHOWN") {
    return (
      <section class="linkedin not-shown" aria-label="LinkedIn">
        <h4>LinkedIn</h4>
        <p data-state={section.state}>
          <strong>Not shown:</strong> {section.message}
        </p>
        {section.state === "CONSENT_REQUIRED" && (
          <a class="button primary" href="#/me/connect">
            Connect LinkedIn
          </a>
        )}
      </section>
    );
  }
  const degree = section.connectionDegree ?? 0;
  return (
    <section class="linkedin" aria-label="LinkedIn" data-state="SHOWN">
      <h4>LinkedIn</h4>
      <div class="linkedin-body">
        {safeUrl(section.photoUrl) && (
          <img
            src={safeUrl(section.photoUrl)}
            alt={`Photo of ${section.displayName || "this person"}`}
            width={64}
            height={64}
            // A photo LinkedIn no longer serves is left out, not shown broken.
            onError={(e) => (e.currentTarget.hidden = true)}
          />
        )}
        <dl class="facts">
          <Fact name="Headline" value={section.headline} from={from("headline")} />
          <Fact name="Position" value={section.positionTitle} from={from("position_title")} />
          <Fact name="Company" value={section.company} from={from("company")} />
          <Fact name="Location" value={section.location} from={from("location")} />
          <Fact name="Connection" value={degree > 0 ? degreeWords(degree) : ""} from={from("connection_degree")} />
        </dl>
      </div>
      {safeUrl(section.publicProfileUrl) && (
        <p>
          <a href={safeUrl(section.publicProfileUrl)} target="_blank" rel="noopener noreferrer">
            Open the LinkedIn profile
          </a>
        </p>
      )}
    </section>
  );
}

function degreeWords(degree: number): string {
  return degree === 1 ? "1st-degree connection" : degree === 2 ? "2nd-degree connection" : "3rd degree or further";
}
