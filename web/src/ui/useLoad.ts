import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export type Load<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
};

// useLoad runs load when the component mounts and whenever deps change,
// keeping the newest answer only (a slow old answer never overwrites a
// newer one). What was shown for other deps is dropped at once, unless
// keep is set (search results as the user types, which should not jump
// about), and a failed load drops what was shown: stale data never stands
// beside an error as if it were current.
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], keep = false): Load<T> {
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
      if (mine === latest.current) {
        setData(undefined);
        setError(err);
      }
    } finally {
      if (mine === latest.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    if (!keep) setData(undefined);
    void run();
  }, [run]);
  return { data, error, loading, reload: run };
}
