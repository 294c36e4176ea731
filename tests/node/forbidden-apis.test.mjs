// What we ship never parses strings as HTML or code: no innerHTML,
// outerHTML, insertAdjacentHTML, document.write, eval or new Function in our
// sources (web/) or in what the build writes (dist/, Chart.js and its plugins
// included). The strict CSP and Trusted Types tests (tests/e2e) rely on it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const FORBIDDEN =
  /\binnerHTML\b|\bouterHTML\b|\binsertAdjacentHTML\b|\bdocument\.write(ln)?\b|\beval\s*\(|\bnew\s+Function\b/;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(m?js|html)$/.test(name) ? [path] : [];
  });
}

for (const dir of ['web', 'dist']) {
  test(`${dir}/ uses no API that parses strings as HTML or code`, () => {
    const all = files(dir);
    assert.ok(all.length > 5, `${dir} has its files (build first)`);
    const hits = all.flatMap((path) => {
      const match = readFileSync(path, 'utf8').match(FORBIDDEN);
      return match ? [`${path}: ${match[0]}`] : [];
    });
    assert.deepEqual(hits, []);
  });
}
