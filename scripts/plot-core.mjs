// An esbuild plugin that builds the JS API (dist/lib/activation-lab.mjs)
// against the plots' core (build/wasm/activation_lab_plot.{mjs,wasm}, see
// CMakeLists.txt): the table, its kernels and the values parser, without the
// training engine, for the explorer and the widget, which train nothing. It
// swaps the module's core and its trainer for the plots' core and a stub
// (web/src/shared/no-training.js) and names the plots' wasm where the module
// names its own; the build fails if that text moved.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const API = /[\\/]dist[\\/]lib[\\/]activation-lab\.mjs$/;
const EDITS = [
  ["const WASM_FILE = 'activation_lab_core.wasm';", "const WASM_FILE = 'activation_lab_plot.wasm';"],
  [
    "return new URL('./activation_lab_core.wasm', import.meta.url);",
    "return new URL('./activation_lab_plot.wasm', import.meta.url);",
  ],
];

export const plotCore = {
  name: 'plot-core',
  setup(build) {
    build.onResolve({ filter: /^\.\/(activation_lab_core|training)\.mjs$/ }, ({ path, importer }) => {
      if (!API.test(importer)) return undefined;
      return {
        path: resolve(
          path === './training.mjs' ? 'web/src/shared/no-training.js' : 'build/wasm/activation_lab_plot.mjs',
        ),
      };
    });
    build.onLoad({ filter: API }, ({ path }) => {
      let code = readFileSync(path, 'utf8');
      for (const [from, to] of EDITS) {
        if (code.split(from).length !== 2) throw new Error(`plot-core: "${from}" is not once in ${path}`);
        code = code.replace(from, to);
      }
      return { contents: code, loader: 'js' };
    });
  },
};
