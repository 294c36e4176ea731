// Serves dist/web on http://localhost:$PORT (default 8080).
// Access-Control-Allow-Origin: * lets other sites load the widget and its
// .wasm (and lets a sandboxed iframe, whose origin is "null", fetch it).
import { createServer } from 'node:http';
import sirv from 'sirv';

export function serve(
  dir = 'dist/web',
  port = Number(process.env.PORT ?? 8080),
  host = process.env.HOST ?? 'localhost',
) {
  const files = sirv(dir, {
    dev: true, // no caching: a rebuild shows at once
    extensions: ['html'],
    setHeaders(res) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      res.setHeader('X-Content-Type-Options', 'nosniff');
    },
  });
  const server = createServer((req, res) =>
    files(req, res, () => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Not found');
    }),
  );
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
