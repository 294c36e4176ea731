// Bundles a suite for Node or for the browser with esbuild, into build/bench/.
// tfjs-core's gradients exist only as ES modules under dist/ (its Node build
// has none), so the tfjs side is bundled in both environments; the core is
// left out ('activation-lab' stays an import) so that both load dist/lib as
// it ships: Node through package.json "exports", the page through an import
// map.
import { build } from 'esbuild';
import { basename } from 'node:path';

// Emscripten's Node code paths in tfjs-backend-wasm call require() and read
// __dirname, which an ES module bundle does not have.
const NODE_BANNER = [
  "import { createRequire as __benchCreateRequire } from 'node:module';",
  "import { dirname as __benchDirname } from 'node:path';",
  "import { fileURLToPath as __benchFileURLToPath } from 'node:url';",
  'const require = __benchCreateRequire(import.meta.url);',
  'const __filename = __benchFileURLToPath(import.meta.url);',
  'const __dirname = __benchDirname(__filename);',
].join('\n');

/** Returns the path of the bundle: build/bench/<name>.<platform>.mjs. */
export async function bundle(entry, platform) {
  const outfile = `build/bench/${basename(entry, '.mjs')}.${platform}.mjs`;
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform,
    target: platform === 'node' ? 'node20' : 'es2022',
    mainFields: platform === 'node' ? ['module', 'main'] : ['browser', 'module', 'main'],
    external: ['activation-lab'],
    banner: platform === 'node' ? { js: NODE_BANNER } : {},
    logLevel: 'warning',
  });
  return outfile;
}
