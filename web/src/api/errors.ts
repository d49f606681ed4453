// ApiError is a refused or failed call as people read it: what went wrong
// (the server's message), what to do next (from the error's reason, part of
// the API: proto/liaison/type/v1/error_reason.proto) and the request id for
// support.

type Detail = {
  "@type"?: string;
  reason?: string;
  metadata?: Record<string, string>;
  fieldViolations?: { field?: string; description?: string }[];
  retryDelay?: string;
};

const nextSteps: Record<string, string> = {
  FIELD_INVALID: "Correct the field named above and try again.",
  RESOURCE_NOT_FOUND: "It may have been deleted: reload the page to see what is there now.",
  RESOURCE_ALREADY_EXISTS: "Pick another id, or open the existing one.",
  ETAG_MISMATCH: "Someone changed this since you loaded it: reload, check their change, then make yours again.",
  GROUP_CYCLE: "A group cannot contain itself: pick another group.",
  DEFAULT_POLICY_REQUIRED: "Make another policy the default first.",
  RESOURCE_IN_USE: "Change the settings that name it first.",
  TOKEN_INVALID: "Sign in again.",
  ROLE_REQUIRED: "Ask a tenant admin to do this, or to give you the role.",
  POLICY_DENIED: "Your organization's settings do not allow this. Ask your admin if you need it.",
  DEPENDENCY_UNAVAILABLE: "A service is not answering. Wait a moment and try again.",
  INTERNAL_FAULT: "Something failed on our side. Try again; if it keeps failing, give support the request id.",
  ROUTE_NOT_FOUND: "The console and the server do not match: reload the page.",
  REAUTHORIZATION_REQUIRED: "Connect again to give LinkedIn the wider permission.",
  REVISION_NOT_REACHED: "The service is catching up. Try again in a moment.",
  LIMIT_REACHED: "A limit is reached: remove something first, or ask your admin.",
  RATE_LIMITED: "Too many requests: wait a few seconds and try again.",
  READ_ONLY_FOLDER: "Contacts in the LinkedIn folder come from LinkedIn and cannot be changed here.",
  SYNC_TOKEN_EXPIRED: "Start the sync again from the beginning.",
  NOT_CONNECTED: "Connect your LinkedIn account first.",
};

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string,
    readonly requestId: string,
    readonly fields: { field: string; rule: string }[] = [],
    readonly metadata: Record<string, string> = {},
  ) {
    super(message);
  }

  get nextStep(): string {
    return nextSteps[this.reason] ?? "Try again. If it keeps failing, give support the request id.";
  }

  static from(response: Response, body: unknown): ApiError {
    const status = body as { message?: string; details?: Detail[] } | undefined;
    const details = status?.details ?? [];
    const info = details.find((d) => d["@type"]?.endsWith("google.rpc.ErrorInfo"));
    const badRequest = details.find((d) => d["@type"]?.endsWith("google.rpc.BadRequest"));
    const fields = (badRequest?.fieldViolations ?? []).map((v) => ({ field: v.field ?? "", rule: v.description ?? "" }));
    return new ApiError(
      status?.message || `${response.status} ${response.statusText}`,
      response.status,
      info?.reason ?? "",
      response.headers.get("X-Request-Id") ?? "",
      fields,
      info?.metadata ?? {},
    );
  }

  static unreachable(cause: unknown): ApiError {
    const why = cause instanceof Error ? cause.message : String(cause);
    return new ApiError(`The server could not be reached (${why}).`, 0, "DEPENDENCY_UNAVAILABLE", "");
  }
}

// asApiError turns anything thrown into an ApiError, so every failure is
// shown the same way.
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(err instanceof Error ? err.message : String(err), 0, "", "");
}
