/** JSON error answers and body validation shared by the API sub-apps. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";

/** Error handler for the app: `{ error }` JSON with the exception's status (500 otherwise). */
export function jsonError(err: Error, c: Context): Response {
  if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
  console.error(`${c.req.method} ${c.req.path} failed:`, err);
  return c.json({ error: `Internal error: ${err.message}` }, 500);
}

/**
 * Reads and validates a JSON body; refuses with 400 and a message naming the
 * field. An empty body counts as `{}`.
 */
export async function readBody<T>(c: Context, schema: z.ZodType<T>, what: string): Promise<T> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim() !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      throw new HTTPException(400, {
        message: `Cannot ${what}: body must be JSON, got ${JSON.stringify(text.slice(0, 60))}`,
      });
    }
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const msgs = r.error.issues.map((i) =>
      `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`
    );
    throw new HTTPException(400, { message: `Cannot ${what}: ${msgs.join("; ")}` });
  }
  return r.data;
}
