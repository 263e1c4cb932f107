// Drives the flame graph's inline script in jsdom (no layout needed: the script only moves
// attributes): click-to-zoom, Ctrl-F search with the matched share, details on hover, Escape.
//   node flamegraph_script_check.mjs JSDOM_MODULE_DIR FLAMEGRAPH.svg
import { createRequire } from "module";
import { readFileSync } from "fs";

const [jsdomDir, svgPath] = process.argv.slice(2);
const { JSDOM } = createRequire(import.meta.url)(jsdomDir);
const fail = (message) => { console.log("FAIL: " + message); process.exit(1); };

let promptAnswer = null;
// jsdom does not run an SVG document's <script> itself, so its text is evaluated as a browser would.
const dom = new JSDOM(readFileSync(svgPath, "utf8"), {
  contentType: "image/svg+xml",
  runScripts: "outside-only",
  beforeParse(window) { window.prompt = () => promptAnswer; },
});
const scripts = dom.window.document.getElementsByTagName("script");
if (scripts.length !== 1) fail(`${scripts.length} scripts`);
dom.window.eval(scripts[0].textContent);
const { document, MouseEvent, KeyboardEvent } = dom.window;
const svg = document.documentElement;
const side = +svg.getAttribute("data-side");
const plot = +svg.getAttribute("width") - 2 * side;
const total = +svg.getAttribute("data-total");
const frames = [...document.querySelectorAll("g.frame")];
const info = (f) => ({ name: f.getAttribute("data-name"), start: +f.getAttribute("data-start"),
                       samples: +f.getAttribute("data-samples"), depth: +f.getAttribute("data-depth") });
const rect = (f) => f.querySelector("rect");
const shown = (f) => f.style.display !== "none";

// Zoom into the widest frame that does not already fill the graph.
const target = frames.filter((f) => info(f).samples < total).sort((a, b) => info(b).samples - info(a).samples)[0];
if (!target) fail("no frame to zoom into");
const t = info(target);
target.dispatchEvent(new MouseEvent("click", { bubbles: true }));
if (Math.abs(+rect(target).getAttribute("width") - plot) > 0.01 || Math.abs(+rect(target).getAttribute("x") - side) > 0.01)
  fail(`zoomed ${t.name} is not full width`);
for (const f of frames) {
  const n = info(f);
  const inside = n.depth >= t.depth && n.start >= t.start && n.start + n.samples <= t.start + t.samples;
  const ancestor = n.depth < t.depth && n.start <= t.start && n.start + n.samples >= t.start + t.samples;
  if ((inside || ancestor) !== shown(f) && !(inside && n.samples / t.samples * plot < 0.1))
    fail(`after zooming into ${t.name}, ${n.name} is ${shown(f) ? "shown" : "hidden"}`);
  if (inside && shown(f) && Math.abs(+rect(f).getAttribute("width") - n.samples / t.samples * plot) > 0.01)
    fail(`${n.name} has the wrong width after the zoom`);
  if (ancestor && f.style.opacity !== "0.5") fail(`caller ${n.name} is not faded`);
}
if (document.getElementById("reset").style.opacity !== "1") fail("no Reset zoom after zooming");

// Escape zooms back out.
dom.window.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
if (!frames.every(shown)) fail("Escape did not show every frame again");

// Ctrl-F: highlight and the matched share, nested matches counted once.
const term = t.name.slice(0, 3).toLowerCase();
promptAnswer = term;
dom.window.dispatchEvent(new KeyboardEvent("keydown", { key: "f", ctrlKey: true }));
const hits = frames.filter((f) => info(f).name.toLowerCase().includes(term));
for (const f of frames)
  if ((rect(f).getAttribute("fill") === "rgb(230,0,230)") !== hits.includes(f)) fail(`${info(f).name} highlighted wrongly`);
let covered = 0;
for (const f of hits) {
  const n = info(f);
  const nested = hits.some((g) => g !== f && info(g).depth < n.depth && info(g).start <= n.start &&
                                  info(g).start + info(g).samples >= n.start + n.samples);
  if (!nested) covered += n.samples;
}
const matched = document.getElementById("matched").textContent;
const expected = `Matched: ${(100 * covered / total).toFixed(2)}% (${covered} samples)`;
if (matched !== expected) fail(`matched line "${matched}", expected "${expected}"`);
// Ctrl-F again clears the search.
dom.window.dispatchEvent(new KeyboardEvent("keydown", { key: "f", ctrlKey: true }));
if (hits.some((f) => rect(f).getAttribute("fill") === "rgb(230,0,230)")) fail("the search was not cleared");

// Hover: the details line names the frame with its samples and share.
target.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
const details = document.getElementById("details").textContent;
if (!details.startsWith(t.name) || !details.includes(`${t.samples} samples`)) fail(`details "${details}"`);
console.log(`PASS: zoomed into ${t.name}, searched "${term}" (${expected})`);
