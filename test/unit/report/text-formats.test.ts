import assert from 'node:assert/strict';
import { CSV_COLUMNS, csvCell, toCsv, toHtml, toMarkdown } from '../../../src/core/report';
import { emptyResult, fixtureResult } from './fixture';

/** Minimal RFC 4180 reader for the test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('report/markdown', () => {
  it('has the summary, tier table, inventory, principle coverage, priorities, findings, suppressions and problems', () => {
    const text = toMarkdown(fixtureResult());
    for (const h of ['# AI risk assessment — acme-ml', '## Tier distribution', '## Inventory', '## Coverage by principle', '## Remediation priorities', '## Findings', '## Suppressed findings', '## Problems reading files']) {
      assert.ok(text.includes(`${h}\n`), h);
    }
    assert.match(text, /7 open findings \(4 error, 3 warning, 0 note\) · 2 suppressed/);
    assert.match(text, /\*\*1 workload needs a formal risk assessment\*\*/);
    assert.match(text, /\| L8 \| Distributed and multi-agent systems \| high assurance \| 1 \| 0 \|/);
    assert.match(text, /\| fraud-scoring endpoint \| terraform \| `infra\/sagemaker` \| ml-platform@example\.com \| L7 \| exposure, data sensitivity\* \| \*\*L8\*\* \|/);
    assert.match(text, /`infra\/sagemaker\/main\.tf:13:3`/);
    assert.match(text, /Fix \(safe, automatic\): Set kms\\_key\\_arn|Fix \(safe, automatic\): Set kms_key_arn/);
    assert.match(text, /\| `ARG-DAT-002` \| HR onboarding flow \| .* \| register exception \| Tenant-wide DLP policy/);
    // Findings are grouped under their workload, highest tier first.
    assert.ok(text.indexOf('### fraud-scoring endpoint — L8') < text.indexOf('### support assistant — L6'));
    assert.ok(text.indexOf('### support assistant — L6') < text.indexOf('### HR onboarding flow — L3'));
    // A suppressed finding is not listed among the open ones.
    const findings = text.slice(text.indexOf('## Findings'), text.indexOf('## Suppressed findings'));
    assert.doesNotMatch(findings, /ARG-SUP-001/);
  });

  it('escapes markup in names and messages', () => {
    const r = fixtureResult();
    r.workloads[0].name = 'evil | <img src=x onerror=alert(1)> [link](http://x)';
    r.findings[0].detail = 'bad **bold** <script>alert(1)</script>';
    const text = toMarkdown(r);
    // Every bracket is escaped, so nothing renders as a tag or a link.
    assert.doesNotMatch(text, /(?<!\\)<img|(?<!\\)<script>|(?<!\\)\[link|link(?<!\\)\]\(/);
    assert.match(text, /evil \\\| \\<img src=x onerror=alert\(1\)\\> \\\[link\\\]\(http:\/\/x\)/);
    assert.match(text, /bad \\\*\\\*bold\\\*\\\* \\<script\\>/);
  });

  it('says so when there is nothing', () => {
    const text = toMarkdown(emptyResult());
    assert.match(text, /No AI workloads found\./);
    assert.match(text, /No open findings\./);
    assert.match(text, /Nothing to remediate\./);
    assert.doesNotMatch(text, /## Suppressed findings|## Problems reading files/);
  });
});

describe('report/csv', () => {
  it('has one row per workload with the register columns', () => {
    const result = fixtureResult();
    const rows = parseCsv(toCsv(result));
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.equal(rows.length, 1 + result.workloads.length);
    const col = (name: string) => rows[0].indexOf(name);
    const endpoint = rows.find((r) => r[0] === 'terraform:infra/sagemaker:aws_sagemaker_endpoint.fraud')!;
    assert.equal(endpoint[col('name')], 'fraud-scoring endpoint');
    assert.equal(endpoint[col('kind')], 'terraform');
    assert.equal(endpoint[col('owner')], 'ml-platform@example.com');
    assert.equal(endpoint[col('baseline_tier')], 'L7');
    assert.equal(endpoint[col('modifier_exposure')], 'high');
    assert.equal(endpoint[col('modifier_dataSensitivity')], 'high');
    assert.equal(endpoint[col('modifier_autonomy')], 'low');
    assert.equal(endpoint[col('effective_tier')], 'L8');
    assert.equal(endpoint[col('zone')], 'high-assurance');
    assert.equal(endpoint[col('formal_risk_assessment')], 'required');
    assert.equal(endpoint[col('missing_controls')], '1');
    assert.equal(endpoint[col('coverage_percent')], String(result.assessments[0].coverage.percent));
    const flow = rows.find((r) => r[1] === 'HR onboarding flow')!;
    assert.equal(flow[col('owner')], '');
    assert.equal(flow[col('missing_controls')], '3');
    assert.equal(flow[col('formal_risk_assessment')], 'not required');
  });

  it('quotes separators and defuses spreadsheet formulas', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('-1+2'), "'-1+2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    const r = fixtureResult();
    r.workloads[0].name = '=cmd|x, "y"';
    const rows = parseCsv(toCsv(r));
    assert.equal(rows[1][1], `'=cmd|x, "y"`);
    assert.equal(rows[1].length, CSV_COLUMNS.length);
  });
});

describe('report/html', () => {
  it('is one self-contained page: no script, no external URL, a strict CSP', () => {
    const html = toHtml(fixtureResult());
    assert.match(html, /^<!doctype html>/);
    assert.doesNotMatch(html, /<script|<link\b|@import|@font-face|url\(|src=/i);
    // The only absolute URL is the SVG namespace identifier.
    const urls = html.match(/https?:\/\/[^\s"')<]+/g) ?? [];
    assert.deepEqual([...new Set(urls)], ['http://www.w3.org/2000/svg']);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"/);
  });

  it('draws the tier distribution and per-principle coverage as inline SVG', () => {
    const html = toHtml(fixtureResult());
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    assert.equal(svgs.length, 2);
    assert.match(svgs[0], /aria-label="Workloads per tier: L1 0, L2 1, L3 1, L4 0, L5 0, L6 1, L7 0, L8 1"/);
    assert.equal((svgs[1].match(/<\/title>P\d+ /g) ?? []).length, 13);
    assert.match(svgs[1], /P6 Secure the infrastructure \(5\.2\.2\)/);
    assert.match(svgs[1], /<\/title>P6 Infrastructure</);
    assert.match(svgs[1], />n\/a</);
  });

  it('shows the inventory, priorities, findings and suppressions, and escapes what the scan gave', () => {
    const r = fixtureResult();
    r.findings[0].detail = '<img src=x onerror=alert(1)> & "quoted"';
    const html = toHtml(r);
    for (const h of ['Inventory', 'Remediation priorities', 'Findings', 'Suppressed findings', 'Problems reading files']) assert.ok(html.includes(`<h2>${h}</h2>`), h);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;'));
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /<span class="yes">required<\/span>/);
    assert.match(html, /Tenant-wide DLP policy managed by the platform team/);
  });

  it('renders an empty scan', () => {
    const html = toHtml(emptyResult());
    assert.match(html, /No AI workloads found\./);
    assert.match(html, /Nothing to remediate\./);
  });
});
