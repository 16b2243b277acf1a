// Build the widget loader, the chat frame app, the duty console, the supervisor console and the
// reports page's charts (Chart.js) into widget/dist/.
//   node build.mjs            minified production build (what `make` runs)
//   node build.mjs --watch    rebuild on change (development)
// The server serves dist/ at /static/ and dist/loader.js at /widget.js.

import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "src");
const out = join(here, "dist");
const watch = process.argv.includes("--watch");

// Browsers from about 2020-21 on (safari14 is not a valid target: esbuild cannot lower destructuring for it).
const target = ["es2020", "chrome87", "firefox78", "safari15", "edge88"];

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: "none",
  target,
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
};

const builds = [
  { entryPoints: [join(src, "loader.js")], outfile: join(out, "loader.js"), format: "iife" },
  { entryPoints: [join(src, "frame.js")], outfile: join(out, "frame.js"), format: "iife" },
  { entryPoints: [join(src, "console.js")], outfile: join(out, "console.js"), format: "iife" },
  { entryPoints: [join(src, "supervisor.js")], outfile: join(out, "supervisor.js"), format: "iife" },
  { entryPoints: [join(src, "quickexit.js")], outfile: join(out, "quickexit.js"), format: "iife" },
  { entryPoints: [join(src, "reports.js")], outfile: join(out, "reports.js"), format: "iife" },
  { entryPoints: [join(src, "localtime.js")], outfile: join(out, "localtime.js"), format: "iife" },
  { entryPoints: [join(src, "frame.css")], outfile: join(out, "frame.css") },
  { entryPoints: [join(src, "console.css")], outfile: join(out, "console.css") },
  { entryPoints: [join(src, "supervisor.css")], outfile: join(out, "supervisor.css") },
  { entryPoints: [join(src, "reports.css")], outfile: join(out, "reports.css") },
  { entryPoints: [join(src, "demo.css")], outfile: join(out, "demo.css") },
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context({ ...common, ...b });
    await ctx.watch();
  }
  console.log("watching widget/src …");
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  const LOADER_LIMIT = 3 * 1024;
  let failed = false;
  for (const name of readdirSync(out).sort()) {
    const file = join(out, name);
    if (!statSync(file).isFile()) continue;
    const raw = readFileSync(file);
    const gz = gzipSync(raw, { level: 9 }).length;
    console.log(`${name.padEnd(12)} ${String(raw.length).padStart(7)} B  ${String(gz).padStart(6)} B gzip`);
    if (name === "loader.js" && gz > LOADER_LIMIT) {
      console.error(`loader.js is ${gz} B gzipped; the limit is ${LOADER_LIMIT} B`);
      failed = true;
    }
  }
  if (failed) process.exit(1);
}
