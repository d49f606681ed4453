// How times and counts read on the console.

export function when(time?: string): string {
  if (!time) return "never";
  const at = new Date(time);
  if (Number.isNaN(at.getTime()) || at.getTime() <= 0) return "never";
  return at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

// count reads the int64 fields that the JSON API sends as strings.
export function count(value?: string | number): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

export function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}
