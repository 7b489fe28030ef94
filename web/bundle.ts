/**
 * Bundles the browser code with `deno bundle --platform browser`: the
 * scripts in web/static/ (→ web/static/build/<name>.js) and every island,
 * i.e. every PascalCase .ts file directly in web/islands/
 * (→ web/static/build/islands/<Name>.js). Vendor CSS (uPlot) is copied to
 * web/static/build/. `deno task bundle` always rebuilds; `web/main.ts` calls
 * {@link bundleIfStale} at start.
 */

const STATIC = new URL("./static/", import.meta.url);
const ISLANDS = new URL("./islands/", import.meta.url);
const BUILD = new URL("./static/build/", import.meta.url);
const UPLOT_CSS = new URL("../node_modules/uplot/dist/uPlot.min.css", import.meta.url);

/** Plain scripts: web/static/<name>.ts → web/static/build/<name>.js. */
export const ENTRIES = ["live", "realtime_page"] as const;

/** One thing to bundle: source file and output file. */
export interface Entry {
  name: string;
  source: URL;
  out: URL;
}

async function mtime(url: URL): Promise<number | undefined> {
  try {
    return (await Deno.stat(url)).mtime?.getTime();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** Newest modification time of the .ts files under `dir` (recursive). */
async function newestIn(dir: URL): Promise<number> {
  let newest = 0;
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.name === "build" || e.name.startsWith(".")) continue;
      const u = new URL(e.isDirectory ? `${e.name}/` : e.name, dir);
      if (e.isDirectory) newest = Math.max(newest, await newestIn(u));
      else if (e.isFile && e.name.endsWith(".ts")) newest = Math.max(newest, (await mtime(u)) ?? 0);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return newest;
}

/** Every entry: the static scripts and the islands found in web/islands/. */
export async function entries(): Promise<Entry[]> {
  const out: Entry[] = ENTRIES.map((name) => ({
    name,
    source: new URL(`${name}.ts`, STATIC),
    out: new URL(`${name}.js`, BUILD),
  }));
  const islands: string[] = [];
  try {
    for await (const e of Deno.readDir(ISLANDS)) {
      const m = /^([A-Z][A-Za-z0-9]*)\.ts$/.exec(e.name);
      if (e.isFile && m && !m[1].endsWith("_test")) islands.push(m[1]);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  for (const name of islands.sort()) {
    out.push({
      name: `islands/${name}`,
      source: new URL(`${name}.ts`, ISLANDS),
      out: new URL(`islands/${name}.js`, BUILD),
    });
  }
  return out;
}

/** Bundles one entry; throws with deno's output when it fails. */
export async function bundle(entry: Entry): Promise<void> {
  await Deno.mkdir(new URL(".", entry.out), { recursive: true });
  const cmd = new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--minify",
      "-o",
      entry.out.pathname,
      entry.source.pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  });
  const r = await cmd.output();
  if (!r.success) {
    throw new Error(
      `Cannot bundle ${entry.source.pathname}: deno bundle exited with ${r.code}\n` +
        new TextDecoder().decode(r.stderr),
    );
  }
}

/** Copies uPlot's stylesheet to /static/build/uplot.css when missing or older. */
export async function copyVendor(): Promise<boolean> {
  const target = new URL("uplot.css", BUILD);
  const src = await mtime(UPLOT_CSS);
  if (src === undefined) {
    throw new Error(`Cannot copy uPlot's CSS: ${UPLOT_CSS.pathname} is missing (run deno install)`);
  }
  const have = await mtime(target);
  if (have !== undefined && have >= src) return false;
  await Deno.mkdir(BUILD, { recursive: true });
  await Deno.copyFile(UPLOT_CSS, target);
  return true;
}

/**
 * Rebuilds the entries whose bundle is missing or older than a source;
 * returns those rebuilt. When some fail, the others are still built and the
 * error lists every failure.
 */
export async function bundleIfStale(): Promise<string[]> {
  const newest = Math.max(await newestIn(STATIC), await newestIn(ISLANDS));
  const stale: Entry[] = [];
  for (const e of await entries()) {
    const built = await mtime(e.out);
    if (built === undefined || built < newest) stale.push(e);
  }
  // One broken island must not keep the others from building: bundle all, then report.
  const results = await Promise.allSettled(stale.map(bundle));
  const rebuilt = stale.filter((_, i) => results[i].status === "fulfilled").map((e) => e.name);
  if (await copyVendor()) rebuilt.push("uplot.css");
  const failed = results.flatMap((r) => r.status === "rejected" ? [String(r.reason?.message)] : []);
  if (failed.length > 0) throw new Error(failed.join("\n"));
  return rebuilt;
}

if (import.meta.main) {
  const all = await entries();
  await Promise.all(all.map(bundle));
  for (const e of all) console.log(`bundled ${e.source.pathname} → ${e.out.pathname}`);
  await copyVendor();
}
