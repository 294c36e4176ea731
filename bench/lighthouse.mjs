// Lighthouse 12 (pinned 12.2.3: 13 needs Node 22) on pages of a local
// origin, in Debian's Chromium, for the page suite (bench/page.mjs).
// Offline by construction: Chromium resolves no host name but 127.0.0.1
// (--host-resolver-rules), so the origin must be http://127.0.0.1:PORT; each
// report's network-requests audit is then checked to name only that origin.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM } from '../tests/e2e/browser.mjs';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
// The mobile preset is Lighthouse's default config (Moto G Power screen,
// simulated slow 4G and 4x CPU slowdown); desktop is its own preset.
const PRESETS = { mobile: undefined, desktop: desktopConfig };
const METRICS = {
  FCP: 'first-contentful-paint',
  LCP: 'largest-contentful-paint',
  TBT: 'total-blocking-time',
  CLS: 'cumulative-layout-shift',
  SI: 'speed-index',
};
const TOP_AUDITS = 5;

// What an audit that costs points would save, for sorting: its estimated
// ms, else the sum of its metric savings, else how far its score falls short.
function savings(audit) {
  if (audit.details?.overallSavingsMs) return audit.details.overallSavingsMs;
  const metric = Object.values(audit.metricSavings ?? {}).reduce((sum, v) => sum + v, 0);
  return metric || 1 - (audit.score ?? 1);
}

// Failing audits of a category: [{id, title, score, displayValue, savingsMs}],
// the costliest first (performance: those with a score below 0.9, the ones
// Lighthouse itself shows as failed; the other categories: every audit below 1).
function failing(lhr, category) {
  const threshold = category === 'performance' ? 0.9 : 1;
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.group !== 'metrics')
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a.score !== null && a.score < threshold && a.scoreDisplayMode !== 'informative')
    .sort((a, b) => savings(b) - savings(a))
    .map((a) => ({
      id: a.id,
      title: a.title,
      score: a.score,
      displayValue: a.displayValue ?? '',
      savingsMs: a.details?.overallSavingsMs ?? null,
      // What the audit blames, for the record (JSON only): its first rows.
      items: (a.details?.items ?? [])
        .slice(0, 5)
        .map((item) =>
          Object.fromEntries(Object.entries(item).filter(([, v]) => typeof v === 'string' || typeof v === 'number')),
        ),
    }));
}

/** One report, boiled down: scores (0-100), the main metrics, failing audits. */
function summarize(lhr, origin) {
  const requests = lhr.audits['network-requests']?.details?.items ?? [];
  const offOrigin = requests.map((r) => r.url).filter((u) => /^https?:/.test(u) && new URL(u).origin !== origin);
  return {
    url: lhr.finalDisplayedUrl,
    lighthouse: lhr.lighthouseVersion,
    userAgent: lhr.environment?.hostUserAgent,
    benchmarkIndex: lhr.environment?.benchmarkIndex,
    runWarnings: lhr.runWarnings,
    runtimeError: lhr.runtimeError?.message ?? null,
    scores: Object.fromEntries(
      CATEGORIES.map((c) => [c, lhr.categories[c].score === null ? null : Math.round(lhr.categories[c].score * 100)]),
    ),
    metrics: Object.fromEntries(
      Object.entries(METRICS).map(([name, id]) => [
        name,
        { value: lhr.audits[id].numericValue, display: lhr.audits[id].displayValue },
      ]),
    ),
    failing: Object.fromEntries(CATEGORIES.map((c) => [c, failing(lhr, c)])),
    requests: requests.length,
    offOrigin,
  };
}

/**
 * Runs Lighthouse on origin + each of pages, with each preset
 * (['mobile', 'desktop']): [{page, preset, ...summarize()}]. One Chromium for
 * all; Lighthouse opens a fresh tab and clears the origin's storage and
 * cache before each run.
 */
export async function runLighthouse({ origin, pages, presets = ['mobile', 'desktop'], log = console.error }) {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(origin)) throw new Error(`runLighthouse needs an IP origin, got ${origin}`);
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const reports = [];
  try {
    for (const page of pages) {
      for (const preset of presets) {
        const started = performance.now();
        const result = await lighthouse(
          `${origin}/${page}`,
          { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
          PRESETS[preset],
        );
        if (!result) throw new Error(`Lighthouse returned nothing for ${page} (${preset})`);
        const report = { page, preset, ...summarize(result.lhr, origin) };
        if (report.runtimeError) throw new Error(`Lighthouse on ${page} (${preset}): ${report.runtimeError}`);
        if (report.offOrigin.length)
          throw new Error(`Lighthouse on ${page} requested other origins: ${report.offOrigin.join(', ')}`);
        log(
          `lighthouse: ${page} ${preset}: ${CATEGORIES.map((c) => `${c} ${report.scores[c]}`).join(', ')} ` +
            `(${((performance.now() - started) / 1e3).toFixed(0)} s)`,
        );
        reports.push(report);
      }
    }
  } finally {
    await chrome.kill();
  }
  return reports;
}
