// Writes <file>.br and <file>.gz beside every compressible file of a folder
// (dist/web: scripts/build-web.mjs calls this last), so that `npm start`
// (scripts/serve.mjs, sirv with brotli and gzip on) sends them with
// Content-Encoding instead of the raw bytes. Compressing once at build time
// affords the slowest, smallest settings (brotli 11, gzip 9).
// Usage: node scripts/compress.mjs [dir]
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Text formats and the wasm. Fonts (woff2) and PNGs are compressed already;
// source maps are fetched only by devtools, and brotli 11 on their 8 MB would
// double the build time.
const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|txt|wasm)$/;
// Below this a compressed copy saves less than one TCP packet.
const MIN_BYTES = 1024;

export function compressDir(dir) {
  const written = [];
  for (const name of readdirSync(dir, { recursive: true })) {
    const path = join(dir, name);
    if (!COMPRESSIBLE.test(name) || !statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    if (bytes.length < MIN_BYTES) continue;
    const brotli = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        [constants.BROTLI_PARAM_MODE]: name.endsWith('.wasm')
          ? constants.BROTLI_MODE_GENERIC
          : constants.BROTLI_MODE_TEXT,
      },
    });
    const gzip = gzipSync(bytes, { level: 9 });
    // sirv prefers .br, then .gz, then the file: keep only copies that are smaller.
    if (brotli.length < bytes.length) writeFileSync(`${path}.br`, brotli);
    if (gzip.length < bytes.length) writeFileSync(`${path}.gz`, gzip);
    written.push({ name, bytes: bytes.length, brotli: brotli.length, gzip: gzip.length });
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist/web';
  const written = compressDir(dir);
  const total = (key) => written.reduce((sum, file) => sum + file[key], 0);
  console.log(
    `compressed ${written.length} files in ${dir}: ${total('bytes')} B -> ${total('brotli')} B brotli, ${total('gzip')} B gzip`,
  );
}
