import { useEffect, useState } from "preact/hooks";

// The console's pages live in the URL's fragment (#/me, #/admin,
// #/me/connect), so the gateway serves one page at / and a reload or a
// shared link opens the same view.
export function useRoute(): string {
  const [route, setRoute] = useState(current());
  useEffect(() => {
    const onChange = () => setRoute(current());
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

function current(): string {
  return window.location.hash.replace(/^#/, "") || "/";
}

export function go(route: string) {
  window.location.hash = route;
}
