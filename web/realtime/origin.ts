/**
 * Origin check for WebSocket handshakes (cross-site WebSocket hijacking
 * guard): a browser handshake is accepted when its Origin is the server's own
 * host or in the allowlist. Requests without Origin (non-browser clients)
 * pass; they cannot carry a victim's cookies.
 */
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";

export interface OriginCheckOptions {
  /** Extra allowed origins, e.g. `https://ops.example.com`; `*` allows any. */
  allowed?: readonly string[];
}

/** True when `origin` may open a socket on a server reached as `host`. */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[] = [],
): boolean {
  if (!origin) return true;
  if (allowed.includes("*") || allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Middleware factory refusing handshakes from foreign origins with 403.
 *
 * @example
 * ```ts
 * app.use("/ws/*", originCheck({ allowed: ["https://ops.example.com"] }));
 * ```
 */
export function originCheck(opts: OriginCheckOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header("origin");
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    if (!originAllowed(origin, host, opts.allowed)) {
      throw new HTTPException(403, {
        message: `Cannot open WebSocket: origin ${origin} is not allowed for host ${host}` +
          ` (set SLUICE_ALLOWED_ORIGINS to allow it)`,
      });
    }
    await next();
  };
}
