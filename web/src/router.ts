import { useEffect, useState } from "preact/hooks";

// The console's pages live in the URL's fragment (#/me, #/admin,
// #/me/connect), so the gateway serves one page at / and a reload or a
// shared link opens the same view. A fragment that is no route (the skip
// link's #main) leaves the page where it is.
let last = "/";

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
  const hash = window.location.hash.replace(/^#/, "");
  if (hash === "" || hash.startsWith("/")) last = hash || "/";
  return last;
}

export function go(route: string) {
  window.location.hash = route;
}
