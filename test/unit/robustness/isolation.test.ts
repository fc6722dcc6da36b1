// The scan is offline and spawns nothing; a detector that throws is contained to its control
// and workload.
import assert from 'node:assert/strict';
import child_process from 'node:child_process';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { join } from 'node:path';
import { Project, controlById, type ScanResult } from '../../../src/core';
import type { Detector } from '../../../src/core/catalogue/types';
import { main, type Io } from '../../../src/cli/main';
import { nodeAssets } from '../../../src/node/assets';
import { nodeFileSource } from '../../../src/node/file-source';
import { scanFiles } from '../helpers';
import { initPlugins } from './util';

const EXAMPLES = join(process.cwd(), 'examples');

async function scanExamples(): Promise<ScanResult> {
  const project = new Project({ assets: nodeAssets(), today: () => '2026-12-01', root: 'examples' });
  await project.loadAll(nodeFileSource(EXAMPLES));
  return project.result();
}

/** The result without its timings, which differ run to run. */
function stable(r: ScanResult): string {
  return JSON.stringify({ ...r, timings: {} });
}

type Target = Record<string, unknown>;

/** Replaces functions on modules with ones that record the attempt and throw; `restore` undoes it. */
function block(): { attempts: string[]; restore: () => void } {
  const attempts: string[] = [];
  const saved: [Target, string, unknown][] = [];
  const patch = (obj: object, name: string, label: string) => {
    const o = obj as Target;
    if (typeof o[name] !== 'function') return;
    saved.push([o, name, o[name]]);
    o[name] = function blocked(...args: unknown[]) {
      attempts.push(`${label}(${String(args[0]).slice(0, 80)})`);
      throw new Error(`blocked: ${label}`);
    };
  };
  patch(net.Socket.prototype, 'connect', 'net.Socket.connect');
  patch(net, 'connect', 'net.connect');
  patch(net, 'createConnection', 'net.createConnection');
  patch(tls, 'connect', 'tls.connect');
  for (const fn of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'resolveSrv']) patch(dns, fn, `dns.${fn}`);
  patch(dns.promises, 'lookup', 'dns.promises.lookup');
  patch(dns.promises, 'resolve', 'dns.promises.resolve');
  for (const m of [http, https] as const) {
    patch(m, 'request', m === http ? 'http.request' : 'https.request');
    patch(m, 'get', m === http ? 'http.get' : 'https.get');
  }
  patch(globalThis, 'fetch', 'fetch');
  for (const fn of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) patch(child_process, fn, `child_process.${fn}`);
  return {
    attempts,
    restore: () => {
      for (const [o, name, v] of saved.reverse()) o[name] = v;
    },
  };
}

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, env: {}, cwd };
  return { io: value, out, err };
}

describe('robustness/isolation', function () {
  this.timeout(60_000);
  before(() => initPlugins());

  describe('offline and nothing spawned', () => {
    it('the blocker does block (so the test can fail)', async () => {
      const b = block();
      try {
        assert.throws(() => http.request('http://example.invalid/'), /blocked/);
        assert.throws(() => child_process.spawnSync('true'), /blocked/);
        await assert.rejects(async () => globalThis.fetch('https://example.invalid/'), /blocked/);
        assert.throws(() => new net.Socket().connect(80, '127.0.0.1'), /blocked/);
        assert.equal(b.attempts.length, 4);
      } finally {
        b.restore();
      }
      assert.equal(typeof child_process.spawnSync('true').status, 'number', 'restored');
    });

    it('a scan of examples/ with network and processes blocked makes no attempt and gives the same result', async () => {
      const open = await scanExamples();
      assert.ok(open.workloads.length >= 5, 'the examples hold workloads');
      const b = block();
      let closed: ScanResult;
      let cliJson: string;
      try {
        closed = await scanExamples();
        const { io: cli, out, err } = io(process.cwd());
        assert.equal(await main(['scan', EXAMPLES, '--format', 'json'], cli), 0, err.join(''));
        cliJson = out.join('');
        for (const format of ['sarif', 'html', 'markdown', 'csv', 'table']) {
          const c = io(process.cwd());
          assert.equal(await main(['scan', EXAMPLES, '--format', format], c.io), 0, c.err.join(''));
        }
      } finally {
        b.restore();
      }
      assert.deepEqual(b.attempts, []);
      assert.equal(stable(closed), stable(open));
      const { io: cli, out } = io(process.cwd());
      assert.equal(await main(['scan', EXAMPLES, '--format', 'json'], cli), 0);
      const strip = (t: string) => JSON.stringify({ ...(JSON.parse(t) as object), timings: {} });
      assert.equal(strip(cliJson), strip(out.join('')));
    });
  });

  describe('a throwing detector', () => {
    const CONTROL = 'ARG-IAM-002';
    let baseline: ScanResult;
    let broken: ScanResult;

    before(async () => {
      baseline = await scanExamples();
      const control = controlById(CONTROL);
      assert.ok(control, `${CONTROL} exists`);
      const thrower: Detector = {
        kind: 'tf',
        providers: ['aws'],
        evaluate() {
          throw new Error('detector exploded');
        },
      };
      control.detectors.push(thrower);
      try {
        broken = await scanExamples();
      } finally {
        const i = control.detectors.indexOf(thrower);
        if (i >= 0) control.detectors.splice(i, 1);
      }
      assert.ok(!control.detectors.includes(thrower), 'restored');
    });

    it('the scan completes and every finding is still there', () => {
      const ids = (r: ScanResult) => r.findings.map((f) => f.id).sort();
      assert.ok(baseline.findings.length > 10);
      assert.deepEqual(ids(broken), ids(baseline));
      assert.deepEqual(broken.workloads.map((w) => w.id), baseline.workloads.map((w) => w.id));
    });

    it('an internal/detector problem names the control, at the anchor of each affected workload', () => {
      const problems = broken.problems.filter((p) => p.code === 'internal/detector');
      const tfWorkloads = broken.workloads.filter((w) => w.kind === 'terraform' && broken.assessments.find((a) => a.workloadId === w.id)?.requiredControls.includes(CONTROL));
      assert.ok(tfWorkloads.length > 0);
      assert.equal(problems.length, tfWorkloads.length);
      for (const p of problems) {
        assert.match(p.message, new RegExp(CONTROL));
        assert.match(p.message, /detector exploded/);
        assert.equal(p.severity, 'warning');
        assert.ok(tfWorkloads.some((w) => w.anchor.file === p.file && JSON.stringify(w.anchor.range) === JSON.stringify(p.range)), `${p.file} is a workload anchor`);
      }
      assert.ok(!baseline.problems.some((p) => p.code === 'internal/detector'));
      // Nothing else changed in the problems.
      assert.deepEqual(
        broken.problems.filter((p) => p.code !== 'internal/detector'),
        baseline.problems,
      );
    });

    // BUG-DETECTOR-NAME — src/core/evaluate/index.ts evaluateControl: the problem named the control
    // but not the workload; several workloads anchored in one file gave identical messages.
    it('BUG-DETECTOR-NAME: the internal/detector message names the workload', async () => {
      const problems = broken.problems.filter((x) => x.code === 'internal/detector');
      assert.ok(problems.length > 0);
      for (const p of problems) {
        const w = broken.workloads.find((x) => x.anchor.file === p.file && JSON.stringify(x.anchor.range) === JSON.stringify(p.range));
        assert.ok(w, `${p.file} is a workload anchor`);
        assert.ok(p.message.includes(w.name) || p.message.includes(w.id), p.message);
      }
      // Two workloads anchored in one file: one problem each, told apart by the workload they name.
      const tf = ['a', 'b'].map((n) => `resource "aws_sagemaker_endpoint" "${n}" {\n  name                 = "${n}"\n  endpoint_config_name = "${n}-config"\n}\n`).join('\n');
      const control = controlById(CONTROL);
      assert.ok(control);
      const thrower: Detector = {
        kind: 'tf',
        providers: ['aws'],
        evaluate() {
          throw new Error('detector exploded');
        },
      };
      control.detectors.push(thrower);
      let two: ScanResult;
      try {
        two = await scanFiles({ 'infra/main.tf': tf });
      } finally {
        control.detectors.splice(control.detectors.indexOf(thrower), 1);
      }
      const inFile = two.workloads.filter((w) => w.anchor.file === 'infra/main.tf' && two.assessments.find((a) => a.workloadId === w.id)?.requiredControls.includes(CONTROL));
      assert.equal(inFile.length, 2, 'two workloads need the control, both anchored in infra/main.tf');
      const found = two.problems.filter((p) => p.code === 'internal/detector');
      assert.equal(found.length, 2);
      assert.equal(new Set(found.map((p) => p.message)).size, 2, 'the two messages differ');
      for (const w of inFile) {
        const p = found.find((x) => JSON.stringify(x.range) === JSON.stringify(w.anchor.range));
        assert.ok(p, `a problem at the anchor of ${w.name}`);
        assert.ok(p.message.includes(w.name), p.message);
        const other = inFile.find((x) => x !== w)!;
        assert.ok(!p.message.includes(other.name), `${p.message} names only its own workload`);
      }
    });
  });
});
