// Progress is a labelled progress bar: done of total, with the numbers in
// words beside it.
export function Progress({ label, done, total }: { label: string; done: number; total: number }) {
  const percent = total > 0 ? Math.round((done / total) * 100) : done > 0 ? 100 : 0;
  return (
    <div class="progress">
      <progress max={Math.max(total, 1)} value={Math.min(done, Math.max(total, 1))} aria-label={label} />
      <span>
        {done} of {total} ({percent}%)
      </span>
    </div>
  );
}
