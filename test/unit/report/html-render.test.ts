// Renders the HTML report in headless Chromium (no network, no scripts) and checks what a
// reader would see. Set ARG_UPDATE_SCREENSHOTS=1 to refresh docs/images/report-html.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { toHtml } from '../../../src/core/report';
import { fixtureResult } from './fixture';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('report/html in Chromium', function () {
  this.timeout(60000);
  let browser: Browser | undefined;
  let dir = '';

  before(async function () {
    // npm test installs chromium before the unit tests; in CI a missing browser is a failure.
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: scripts/code-server/install.sh installs it`);
      this.skip();
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    dir = mkdtempSync(join(tmpdir(), 'arg-html-'));
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders offline with no request, no script and no console error, and the charts have size', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, toHtml(fixtureResult()));
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(file).href) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    assert.deepEqual(requests, []);
    assert.deepEqual(errors, []);
    assert.equal(await page.title(), 'AI risk assessment — acme-ml');
    const svgs = await page.locator('svg').all();
    assert.equal(svgs.length, 2);
    for (const s of svgs) {
      const box = await s.boundingBox();
      assert.ok(box && box.width > 300 && box.height > 150, `chart too small: ${JSON.stringify(box)}`);
    }
    // The tier chart has one dashed baseline bar per tier.
    const bars = await page.locator('svg').first().locator('rect[fill-opacity]').count();
    assert.equal(bars, 8);
    assert.equal(await page.locator('table').count(), 4);
    assert.equal(await page.locator('.finding').count(), 7);
    // Nothing overflows the page horizontally at a laptop width.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.ok(Number(overflow) <= 0, `horizontal overflow ${String(overflow)}px`);
    const shot = join(dir, 'report-html.png');
    await page.screenshot({ path: shot, fullPage: false });
    assert.ok(existsSync(shot));
    if (process.env.ARG_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(process.cwd(), 'docs/images'), { recursive: true });
      await page.screenshot({ path: join(process.cwd(), 'docs/images/report-html.png'), fullPage: false });
    }
    await context.close();
  });
});
