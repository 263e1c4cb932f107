// Runs a wasm32-wasi guest under node's own WASI (node:wasi, preview1), the reference the
// project's implementation is compared with. Same command line as `wasmprof run`:
//
//   node node_wasi_run.mjs [--dir HOST::GUEST]... [--env NAME=VALUE]... guest.wasm [guest args...]
//
// Exits with the guest's exit code.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const env = {};
const preopens = {};
let index = 0;
for (; index < argv.length; ++index) {
  const flag = argv[index];
  if ((flag === '--dir' || flag === '--env') && index + 1 < argv.length) {
    const value = argv[++index];
    if (flag === '--env') {
      const equals = value.indexOf('=');
      env[equals < 0 ? value : value.slice(0, equals)] = equals < 0 ? '' : value.slice(equals + 1);
    } else {
      const separator = value.indexOf('::');
      if (separator < 0) {
        console.error(`node_wasi_run: --dir expects HOST::GUEST, got "${value}"`);
        process.exit(125);
      }
      preopens[value.slice(separator + 2)] = value.slice(0, separator);
    }
    continue;
  }
  break;
}
if (index >= argv.length) {
  console.error('usage: node node_wasi_run.mjs [--dir HOST::GUEST]... [--env N=V]... guest.wasm [args...]');
  process.exit(125);
}
const wasmPath = argv[index];
const wasi = new WASI({ version: 'preview1', args: argv.slice(index), env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
