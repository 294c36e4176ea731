// Screenshots of a page in headless Chromium, for looking at what we ship:
//   node scripts/screenshot.mjs URL out.png [width] [height]
import { launch } from '../tests/e2e/browser.mjs';

const [url, out, width = '1440', height = '1000'] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
page.on('console', (m) => console.log(`console.${m.type()}: ${m.text()}`));
page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
await page.goto(url);
await page.waitForTimeout(800);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
