import type { ComponentChildren } from "preact";

// Section is one titled part of a page, a landmark a screen reader can jump
// to by its heading.
export function Section({ id, title, children, actions }: {
  id: string;
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <section class="card" id={id} aria-labelledby={`${id}-title`}>
      <div class="card-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
