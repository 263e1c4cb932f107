// Runs one benchmark-suite guest on node (V8), printing the same key=value lines as
// native_main.c and wasmprof_run.
//
//   node node_run.mjs <module.wasm> <n> [--warmup W] [--repeat R]
//
// Instantiates the module with no imports, calls run(n) W times untimed (default 1, so V8's
// optimising tier has compiled the hot functions: V8 tiers a wasm function up between calls,
// never in the middle of one), then R times (default 1) timed with performance.now(), one line
// per timed call. Also prints the compile + instantiate time and the time of the very first call.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

function usage() {
  console.error('usage: node node_run.mjs <module.wasm> <n> [--warmup W] [--repeat R]');
  process.exit(2);
}

const args = process.argv.slice(2);
let warmup = 1;
let repeat = 1;
const positional = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--warmup' && i + 1 < args.length) warmup = Number(args[++i]);
  else if (args[i] === '--repeat' && i + 1 < args.length) repeat = Number(args[++i]);
  else positional.push(args[i]);
}
if (positional.length !== 2 || !Number.isInteger(warmup) || warmup < 0 || !Number.isInteger(repeat) || repeat < 1)
  usage();
const [path, nText] = positional;
const n = Number(nText);
if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) usage();

const bytes = readFileSync(path);
const compileStart = performance.now();
const module = new WebAssembly.Module(bytes);
const instance = new WebAssembly.Instance(module, {});
const compileMs = performance.now() - compileStart;
const run = instance.exports.run;
if (typeof run !== 'function') {
  console.error(`node_run: ${path} exports no function run`);
  process.exit(1);
}

const hex = (v) => '0x' + (v >>> 0).toString(16).padStart(8, '0');
let firstCallMs = null;
let firstChecksum = null;
for (let i = 0; i < warmup; ++i) {
  const start = performance.now();
  const checksum = run(n);
  if (firstCallMs === null) {
    firstCallMs = performance.now() - start;
    firstChecksum = checksum;
  }
}
for (let i = 0; i < repeat; ++i) {
  const start = performance.now();
  const checksum = run(n);
  const elapsed = performance.now() - start;
  if (firstCallMs === null) {
    firstCallMs = elapsed;
    firstChecksum = checksum;
  }
  console.log(`checksum=${hex(checksum)} time_ms=${elapsed.toFixed(3)}`);
}
console.log(`compile_ms=${compileMs.toFixed(3)} first_call_ms=${firstCallMs.toFixed(3)} first_checksum=${hex(firstChecksum)}`);
