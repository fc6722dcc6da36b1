// Open a Terraform file with a known missing control: the squiggle and the Problems entry show.
const { openFile, goTo, pickTarget, until } = require('./workbench');

module.exports = {
  name: 'a Terraform file shows the squiggle and the Problems entry',
  async run({ page, shared, screenshot, log }) {
    const f = pickTarget(shared.scan);
    shared.target = f;
    log(`${f.controlId} at ${f.file}:${f.range.start.line + 1} (${f.workloadName})`);
    await openFile(page, f.file);
    await goTo(page, f.range.start.line + 1, f.range.start.character + 1);
    await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first().waitFor({ timeout: 45000 });
    if (shared.scan.workloads.some((w) => w.anchor.file === f.file)) {
      const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'AI Risk Gradient:' }).first();
      await lens.waitFor({ timeout: 20000 });
      log(`CodeLens: ${await lens.innerText()}`);
    }
    await page.keyboard.press('Control+Shift+M');
    await until(() => page.evaluate((id) => (document.querySelector('.markers-panel')?.textContent ?? '').includes(id), f.controlId), `${f.controlId} in the Problems panel`);
    const text = await page.locator('.markers-panel').innerText();
    if (!text.includes('ai-risk-gradient')) throw new Error('the Problems entry does not name the source ai-risk-gradient');
    await screenshot('editor-diagnostic.png');
    await page.keyboard.press('Escape');
  },
};
