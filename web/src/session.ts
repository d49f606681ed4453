// The signed-in person: their bearer token and what it says about them.
// The token is kept in sessionStorage (this tab only, gone when it closes)
// and never logged. Its claims are read only to show the right pages; every
// call is still checked by the services.

export type Session = {
  token: string;
  tenant: string;
  user: string;
  roles: string[];
  expiresAt: number; // ms since the epoch
};

const storageKey = "liaison.session";
let current: Session | null = load();
let endedBecause = "";
const listeners = new Set<() => void>();

function load(): Session | null {
  try {
    const saved = sessionStorage.getItem(storageKey);
    if (!saved) return null;
    const session = JSON.parse(saved) as Session;
    return session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

function changed() {
  for (const listener of listeners) listener();
}

export function session(): Session | null {
  return current;
}

export function currentToken(): string {
  return current?.token ?? "";
}

// signedOutBecause says why the last session ended when it did not end by
// signing out (an expired token), for the sign-in page to say so.
export function signedOutBecause(): string {
  return endedBecause;
}

export function isAdmin(s: Session | null): boolean {
  return !!s && !!s.tenant && s.roles.includes("TenantAdmin");
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// startSession keeps a token, reading who it is for from its claims.
export function startSession(token: string) {
  const claims = decodeClaims(token);
  current = {
    token,
    tenant: String(claims.tid ?? ""),
    user: String(claims.sub ?? ""),
    roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
    expiresAt: typeof claims.exp === "number" ? claims.exp * 1000 : Date.now() + 3600_000,
  };
  endedBecause = "";
  sessionStorage.setItem(storageKey, JSON.stringify(current));
  changed();
}

export function endSession() {
  current = null;
  sessionStorage.removeItem(storageKey);
  changed();
}

export function expireSession(why: string) {
  if (!current) return;
  endedBecause = why;
  endSession();
}

function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
  } catch {
    return {};
  }
}
