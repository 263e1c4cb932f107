// Runs a wasm32-wasi (preview1) guest under node's WASI, for comparison with wasmprof run:
//   node node_wasi.mjs OUT_DIR GUEST.wasm ARGS...   (OUT_DIR is the guest's /out)
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

const [outDir, wasmPath, ...args] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: [basename(wasmPath), ...args],
  env: {},
  preopens: { '/out': outDir },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
