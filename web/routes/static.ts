/**
 * `/static/*`: files under web/static/ (CSS, bundled scripts in build/), read
 * relative to this module so the server works from any working directory.
 * Only known extensions are served; TypeScript sources are not.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";

const ROOT = new URL("../static/", import.meta.url);
const TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  json: "application/json",
  woff2: "font/woff2",
};

export function staticFiles(): Hono {
  const app = new Hono();
  app.get("/*", async (c) => {
    const rel = decodeURIComponent(c.req.path.replace(/^\/static\//, ""));
    const ext = rel.slice(rel.lastIndexOf(".") + 1);
    if (rel.split("/").some((p) => p === ".." || p === "" || p.startsWith(".")) || !TYPES[ext]) {
      throw new HTTPException(404, { message: `No static file "${rel}"` });
    }
    try {
      const data = await Deno.readFile(new URL(rel, ROOT));
      return c.body(data, 200, { "content-type": TYPES[ext], "cache-control": "no-cache" });
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new HTTPException(404, { message: `No static file "${rel}"` });
      }
      throw e;
    }
  });
  return app;
}
