// Two local origins for browser tests: the app (dist/web, as `npm start`
// serves it) and a "host" site on another port that embeds the widget, with
// the strict CSP and Trusted Types a careful blog would send.
import { createServer } from 'node:http';
import { after, before } from 'node:test';
import { serve } from '../../scripts/serve.mjs';
import { launch } from './browser.mjs';

/**
 * A folder (default dist/web) served by scripts/serve.mjs, as `npm start` or
 * a CDN would. `served` logs every response as it left the server: path,
 * status, Content-Encoding and body bytes (what crossed the wire).
 */
export async function startApp(dir = 'dist/web') {
  const server = await serve(dir, 0, '127.0.0.1');
  const served = [];
  server.on('request', (req, res) => {
    let bytes = 0;
    const count = (chunk) => {
      if (chunk && typeof chunk !== 'function') bytes += Buffer.byteLength(chunk);
    };
    const { write, end } = res;
    res.write = (chunk, ...rest) => (count(chunk), write.call(res, chunk, ...rest));
    res.end = (chunk, ...rest) => (count(chunk), end.call(res, chunk, ...rest));
    res.on('finish', () =>
      served.push({
        path: new URL(req.url, 'http://x').pathname,
        status: res.statusCode,
        encoding: res.getHeader('content-encoding') ?? null,
        bytes,
      }),
    );
  });
  return { server, origin: `http://127.0.0.1:${server.address().port}`, served };
}

/** pages: Map path -> {body, type}; every HTML page gets the CSP. */
export async function startHost(appOrigin) {
  const pages = new Map();
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${appOrigin} 'wasm-unsafe-eval'`,
    `connect-src 'self' ${appOrigin}`,
    `frame-src ${appOrigin}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const page = pages.get(path);
    if (!page) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'Content-Type': page.type ?? 'text/html; charset=utf-8' };
    if (!page.type) headers['Content-Security-Policy'] = csp;
    res.writeHead(200, headers).end(page.body);
  });
  await new Promise((resolve) => server.listen(0, 'localhost', resolve));
  // "localhost" vs the app's "127.0.0.1": a different origin, not just a port.
  return { server, pages, origin: `http://localhost:${server.address().port}`, csp };
}

/** Collects console errors/warnings and page errors of a page and its frames. */
export function watchConsole(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

/**
 * The hooks every browser suite needs: the app (and with host: true the
 * host site) served and Chromium launched before its tests, all closed
 * after. ready(env) receives {browser, app, host} once they are up.
 */
export function useBrowser({ host = false } = {}, ready) {
  const env = {};
  before(async () => {
    env.app = await startApp();
    if (host) env.host = await startHost(env.app.origin);
    env.browser = await launch();
    ready(env);
  });
  after(async () => {
    await env.browser?.close();
    env.app?.server.close();
    env.host?.server.close();
  });
}
