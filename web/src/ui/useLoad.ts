import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export type Load<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
};

// useLoad runs load when the component mounts and whenever deps change,
// keeping the newest answer only (a slow old answer never overwrites a
// newer one).
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Load<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const run = useCallback(async () => {
    const mine = ++latest.current;
    setLoading(true);
    try {
      const value = await load();
      if (mine === latest.current) {
        setData(value);
        setError(undefined);
      }
    } catch (err) {
      if (mine === latest.current) setError(err);
    } finally {
      if (mine === latest.current) setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    void run();
  }, [run]);
  return { data, error, loading, reload: run };
}

// usePoll calls tick every ms while active, and once at once.
export function usePoll(tick: () => void, ms: number, active: boolean) {
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(tick, ms);
    return () => window.clearInterval(id);
  }, [active, ms, tick]);
}
