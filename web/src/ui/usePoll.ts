import { useEffect, useState } from "preact/hooks";

// usePoll calls tick every ms while active and the page is in view: a
// hidden tab asks nothing.
export function usePoll(tick: () => void, ms: number, active: boolean) {
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => document.hidden || tick(), ms);
    return () => window.clearInterval(id);
  }, [active, ms, tick]);
}

// useWindow is true for ms after mounting and after each change of key,
// then false: for following what a change sets off (a purge, a sync
// starting on its own), and then stopping.
export function useWindow(ms: number, key: unknown): boolean {
  const [open, setOpen] = useState(true);
  useEffect(() => {
    setOpen(true);
    const id = window.setTimeout(() => setOpen(false), ms);
    return () => window.clearTimeout(id);
  }, [key, ms]);
  return open;
}
