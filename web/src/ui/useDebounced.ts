import { useEffect, useState } from "preact/hooks";

// useDebounced is value once it has stopped changing for ms: search as the
// user types, without a request per keystroke.
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return settled;
}
