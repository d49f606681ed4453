// What the gateway tells the console about signing in
// (GET /console/config.json): whether dev sign-in is on, and the OpenID
// Connect provider to use outside dev mode.
export type ConsoleConfig = {
  devSignIn: boolean;
  oidc?: { issuer: string; clientId: string; scopes: string; audience?: string };
};

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch("/console/config.json", { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`the console's settings did not load (${response.status})`);
  return (await response.json()) as ConsoleConfig;
}
