// "Assess Workspace Risk Tiers" from the command palette, then the report webview.
const { runCommand } = require('./workbench');

module.exports = {
  name: 'Assess Workspace Risk Tiers from the palette, then the report webview',
  async run({ page, shared, screenshot, log }) {
    await runCommand(page, 'AI Risk Gradient: Assess Workspace Risk Tiers');
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: /AI Risk Gradient: (\d+ AI workloads?|no AI workload)/ }).first();
    await toast.waitFor({ timeout: 45000 });
    log(await toast.locator('.notification-list-item-message').innerText());
    await page.keyboard.press('Control+J').catch(() => {}); // hide the panel: more room for the report
    await runCommand(page, 'AI Risk Gradient: Show Assessment Report');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const rows = frame.locator('#inventory tbody tr');
    await rows.first().waitFor({ timeout: 30000 });
    const n = await rows.count();
    const expected = shared.scan.workloads.length;
    if (n !== expected) throw new Error(`the report lists ${n} workloads, the scan found ${expected}`);
    await frame.locator('#inventory tbody tr').first().click();
    await frame.locator('#details h2').waitFor();
    // Clear the toast and show the AI Inventory view beside the report.
    await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
    await page.locator('.activitybar [aria-label*="AI Risk Gradient"]').first().click({ timeout: 5000 }).catch(() => log('activity bar item not found'));
    const tier = page.locator('.sidebar .monaco-list-row', { hasText: /L[1-8] · (high assurance|advanced|standard|foundational)/ }).first();
    await tier.waitFor({ timeout: 10000 });
    log(`AI Inventory shows ${await page.locator('.sidebar .monaco-list-row').count()} rows`);
    await page.mouse.move(900, 600); // no tooltip over the picture
    await page.waitForTimeout(800);
    await screenshot('report.png');
    log(`${n} workloads in the report`);
  },
};
