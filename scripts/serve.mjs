// Serves dist/web on http://localhost:$PORT (default 8080).
// Access-Control-Allow-Origin: * lets other sites load the widget and its
// .wasm (and lets a sandboxed iframe, whose origin is "null", fetch it).
//
// Compression: the build writes <file>.br and <file>.gz beside each text
// file and the wasm (scripts/compress.mjs); sirv sends the smallest one the
// browser accepts, with Content-Encoding and Vary: Accept-Encoding.
//
// Caching (see CACHE below): every response carries an ETag, and the browser
// revalidates before each use, so a rebuild shows at once and an unchanged
// file costs a 304 with no body. The names are not content-hashed (authors
// link to /activation-plot.js), so no file may be cached without asking.
import { createServer } from 'node:http';
import sirv from 'sirv';

// no-cache = "store, but ask the server (If-None-Match) before reusing".
// Within one page load the page script, the widget and the iframes ask for
// the wasm at about the same time; Chromium's HTTP cache lets the later
// requests wait for the first and then revalidate it, so its body crosses
// the wire once (tests/e2e/npm-package.test.mjs counts this).
const CACHE = 'no-cache';

export function serve(
  dir = 'dist/web',
  port = Number(process.env.PORT ?? 8080),
  host = process.env.HOST ?? 'localhost',
) {
  const files = sirv(dir, {
    // dev: look each file up on every request (a rebuild replaces dist/web,
    // and sirv's production mode would keep serving the sizes it saw at
    // start). Compression and ETags work in this mode too.
    dev: true,
    etag: true,
    brotli: true,
    gzip: true,
    extensions: ['html'],
  });
  const server = createServer((req, res) => {
    // Set before sirv runs, so that its 304 answers carry them too; sirv keeps
    // headers already set (its own Cache-Control included).
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', CACHE);
    files(req, res, () => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Not found');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await serve().catch((error) => {
    console.error(
      error.code === 'EADDRINUSE' ? `Port ${process.env.PORT ?? 8080} is in use: set PORT to another port.` : error,
    );
    process.exit(1);
  });
  const { port } = server.address();
  console.log(`Activation Lab: http://localhost:${port}/  (Ctrl+C to stop)`);
}
