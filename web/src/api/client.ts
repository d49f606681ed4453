// The typed API client: openapi-fetch over the types that openapi-typescript
// generates from the gateway's OpenAPI document (schema.d.ts, written by
// `make console`). Every call names a path of the document, so a renamed
// route or field fails the type check, not a user.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import { ApiError } from "./errors";
import { currentToken, expireSession } from "../session";

export type Schemas = components["schemas"];

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });

const bearer: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
};
api.use(bearer);

type Result<T> = { data?: T; error?: unknown; response: Response };

// ok returns a call's data, or throws the ApiError its answer describes. An
// expired or refused token ends the session, so the console asks to sign in
// again instead of failing every section.
export async function ok<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (cause) {
    throw ApiError.unreachable(cause);
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  if (result.response.ok) return {} as T;
  throw refusal(result.response, result.error);
}

// okBlob is ok for an answer read as a file (parseAs: "blob").
export async function okBlob(call: Promise<Result<unknown>>): Promise<Blob> {
  const data = await ok(call);
  if (!(data instanceof Blob)) throw new ApiError("The server sent no file.", 0, "", "");
  return data;
}

function refusal(response: Response, body: unknown): ApiError {
  const error = ApiError.from(response, body);
  if (error.status === 401) expireSession(error.message);
  return error;
}
