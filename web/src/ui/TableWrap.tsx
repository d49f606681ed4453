import type { ComponentChildren } from "preact";

// TableWrap lets a wide table scroll sideways on a narrow screen. It can
// take focus, so keyboard users can scroll it too, and is named for screen
// readers by label.
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
