// The incremental path must give what a fresh scan gives. Real fixture folders are put side by
// side as one small monorepo (Terraform modules and tfvars, Kubernetes manifests, Power
// Platform and code), then random sequences of small edits — a character replaced, a few
// characters deleted, a snippet inserted, a file deleted or restored — go through `setFile` /
// `deleteFile`. After each sequence the project's result, its per-file lists and the files its
// ChangeSets named must match a new Project loaded with the same texts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { Project, type ScanResult } from '../../../src/core';
import { nodeAssets } from '../../../src/node/assets';
import { memorySource } from '../helpers';

const ROOT = process.cwd();
const FOLDERS = [
  'test/fixtures/tiers/linked-lambda-code',
  'test/fixtures/tiers/linked-k8s-image',
  'test/fixtures/tiers/l7-kserve',
  'test/fixtures/tiers/l8-bedrock-supervisor',
  'test/fixtures/tiers/two-high-public-openai',
  'test/fixtures/tiers/worked-example',
  'test/fixtures/parse/terraform/two-stacks',
  'test/fixtures/parse/terraform/bedrock-stack',
  'test/fixtures/parse/terraform/shapes',
];

function readTree(dir: string, out: Record<string, string>, base: string): void {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) readTree(full, out, base);
    else if (!name.startsWith('expected')) out[relative(base, full).split('\\').join('/')] = readFileSync(full, 'utf8');
  }
}

function corpus(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const folder of FOLDERS) readTree(join(ROOT, folder), files, join(ROOT, 'test/fixtures'));
  return files;
}

const OPTIONS = { assets: nodeAssets(), today: () => '2026-12-01' };

async function fresh(files: Record<string, string>): Promise<Project> {
  const p = new Project(OPTIONS);
  await p.loadAll(memorySource(files));
  return p;
}

function comparable(r: ScanResult): unknown {
  const { timings: _t, ...rest } = r;
  return JSON.parse(JSON.stringify(rest));
}

type Edit =
  | { op: 'replace'; file: number; at: number; ch: string }
  | { op: 'delete'; file: number; at: number; len: number }
  | { op: 'insert'; file: number; at: number; text: string }
  | { op: 'remove'; file: number }
  | { op: 'restore'; file: number }
  | { op: 'comment'; file: number };

const CHARS = ['0', '7', 'a', 'Z', '"', '{', '}', '[', ']', ':', '=', ' ', '\n', '-', '#', '.', '$'];
const SNIPPETS = ['\n', ' ', '"x"', '{', '}\n', '  - name: y\n', 'count = 2\n', 'var.', '${', '# c\n', ': true', 'replicas: 3\n', 'resource "aws_s3_bucket" "b" {}\n'];

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('replace' as const), file: fc.nat(), at: fc.nat(), ch: fc.constantFrom(...CHARS) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), file: fc.nat(), at: fc.nat(), len: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), file: fc.nat(), at: fc.nat(), text: fc.constantFrom(...SNIPPETS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), file: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restore' as const), file: fc.nat() }) },
  // A whole file commented out (select all, toggle comment): its workloads and facts go at once.
  { weight: 1, arbitrary: fc.record({ op: fc.constant('comment' as const), file: fc.nat() }) },
);

/** Files whose findings or problems differ between two results (what a ChangeSet must name). */
function differing(a: ScanResult, b: ScanResult): Set<string> {
  const key = (r: ScanResult) => {
    const m = new Map<string, string[]>();
    const add = (file: string, s: string) => {
      const l = m.get(file);
      if (l) l.push(s);
      else m.set(file, [s]);
    };
    for (const f of r.findings) add(f.file, `${f.id}@${f.range.start.line}:${f.range.start.character}:${f.suppressed ? 's' : ''}:${f.message}`);
    for (const p of r.problems) add(p.file, `${p.code}@${p.range.start.line}:${p.range.start.character}:${p.message}`);
    return m;
  };
  const ka = key(a);
  const kb = key(b);
  const out = new Set<string>();
  for (const file of new Set([...ka.keys(), ...kb.keys()])) if ((ka.get(file) ?? []).join('|') !== (kb.get(file) ?? []).join('|')) out.add(file);
  return out;
}

/** The last analysis evaluated exactly one workload again (`which`), of `workloads`. */
function oneEvaluatedAgain(project: Project, workloads: number, which: string): void {
  const n = project.stats()!.evaluationsComputed;
  assert.ok(n >= 1, `${which} is evaluated again`);
  assert.ok(n <= 1, `${n} of ${workloads} evaluated again`);
}

describe('incremental analysis equals a fresh scan', function () {
  this.timeout(240000);
  const original = corpus();
  const names = Object.keys(original).sort();

  it('loads a corpus with workloads of several input kinds', async () => {
    const p = await fresh(original);
    const r = p.result();
    const kinds = new Set(r.workloads.map((w) => w.kind));
    assert.ok(names.some((n) => n.endsWith('.tf')) && names.some((n) => n.endsWith('.yaml')));
    assert.ok(r.workloads.length >= 5, `workloads: ${r.workloads.length}`);
    assert.ok(kinds.size >= 3, `kinds: ${[...kinds].join(', ')}`);
    assert.ok(r.findings.length > 0);
  });

  it('after random edit sequences, setFile / deleteFile give the result of a new Project', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 6 }), async (edits) => {
        const files: Record<string, string> = { ...original };
        const project = await fresh(files);
        const changedSeen = new Set<string>();
        let before = project.result();
        for (const e of edits) {
          const name = names[e.file % names.length];
          const text = files[name];
          let change;
          if (e.op === 'remove') {
            delete files[name];
            change = project.deleteFile(name);
          } else if (e.op === 'restore') {
            files[name] = original[name];
            change = project.setFile(name, files[name]);
          } else if (e.op === 'comment') {
            const lead = name.endsWith('.json') ? '// ' : '# ';
            files[name] = (text ?? original[name])
              .split('\n')
              .map((l) => (l.trim() ? lead + l : l))
              .join('\n');
            change = project.setFile(name, files[name]);
          } else {
            const cur = text ?? original[name];
            const at = cur.length === 0 ? 0 : e.at % (cur.length + 1);
            const next =
              e.op === 'replace' ? cur.slice(0, at) + e.ch + cur.slice(at + 1) : e.op === 'delete' ? cur.slice(0, at) + cur.slice(at + e.len) : cur.slice(0, at) + e.text + cur.slice(at);
            files[name] = next;
            change = project.setFile(name, next);
          }
          const after = project.result();
          // Every file whose diagnostics changed is reported (the edited file always is).
          const expected = differing(before, after);
          for (const f of expected) assert.ok(change.changedFiles.includes(f), `${f} changed but is not in the ChangeSet of ${e.op} ${name}`);
          assert.ok(change.changedFiles.includes(name));
          for (const f of change.changedFiles) changedSeen.add(f);
          before = after;
        }
        const reference = await fresh(files);
        assert.deepEqual(comparable(project.result()), comparable(reference.result()));
        for (const file of new Set([...names, ...Object.keys(files)])) {
          assert.deepEqual(JSON.parse(JSON.stringify(project.findingsFor(file))), JSON.parse(JSON.stringify(reference.findingsFor(file))), `findings of ${file}`);
          assert.deepEqual(project.problemsFor(file), reference.problemsFor(file), `problems of ${file}`);
        }
        assert.deepEqual(project.paths(), reference.paths());
      }),
      { numRuns: 80, seed: 20260 },
    );
  });

  it('editing a file and putting it back restores the first result exactly', async () => {
    const project = await fresh(original);
    const first = comparable(project.result());
    const tf = names.find((n) => n.endsWith('main.tf'))!;
    const text = original[tf];
    const digit = text.search(/\d/);
    project.setFile(tf, text.slice(0, digit) + (text[digit] === '9' ? '8' : '9') + text.slice(digit + 1));
    project.setFile(tf, text.slice(0, 10) + text.slice(20));
    const back = project.setFile(tf, text);
    assert.deepEqual(comparable(project.result()), first);
    assert.ok(back.changedFiles.includes(tf));
  });

  it('an edit re-runs only the work of the workloads it touched', async () => {
    const project = await fresh(original);
    const first = project.stats()!;
    // A first analysis computes everything.
    assert.equal(first.evaluationsComputed, first.workloads);
    assert.equal(first.signalsComputed, first.workloads);
    const file = 'tiers/l7-kserve/isvc.yaml';
    const text = original[file];
    assert.ok(text, `${file} is in the corpus`);
    // A value the workload's facts carry changes: that workload (and what read its facts) runs again.
    const edited = text.replace(/(\n\s*name:\s*)(\S+)/, '$1$2x');
    assert.notEqual(edited, text);
    project.setFile(file, edited);
    const after = project.stats()!;
    const owners = project.result().workloads.filter((w) => w.members.some((id) => id.includes('l7-kserve')));
    assert.ok(owners.length >= 1);
    assert.ok(after.factsChanged > 0);
    assert.ok(after.evaluationsComputed >= 1, 'the edited workload is evaluated again');
    assert.ok(after.evaluationsComputed < after.workloads / 2, `${after.evaluationsComputed} of ${after.workloads} evaluated again`);
    assert.ok(after.groupsRun <= 1, `only the Kubernetes grouping runs again (${after.groupsRun})`);
    // Typing inside a comment changes no fact: nothing is graded again.
    const tf = 'tiers/two-high-public-openai/main.tf';
    project.setFile(tf, `# a comment\n${original[tf]}`);
    project.setFile(tf, `# b comment\n${original[tf]}`);
    const comment = project.stats()!;
    assert.equal(comment.factsChanged, 0);
    assert.equal(comment.groupsRun, 0);
    assert.equal(comment.gradingsComputed, 0);
    const reference = await fresh({ ...original, [file]: edited, [tf]: `# b comment\n${original[tf]}` });
    assert.deepEqual(comparable(project.result()), comparable(reference.result()));
  });

  it('editing a NetworkPolicy evaluates again the workloads of its namespace, not every cluster workload', async () => {
    const files: Record<string, string> = {};
    const namespaces = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
    for (const ns of namespaces) {
      files[`k8s/${ns}/app.yaml`] = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        `metadata: {name: chat, namespace: ${ns}, labels: {app: chat}}`,
        'spec:',
        '  template:',
        '    metadata: {labels: {app: chat}}',
        '    spec:',
        '      containers:',
        '        - name: chat',
        '          image: ghcr.io/example/chat:1.0',
        '          env: [{name: OPENAI_API_KEY, valueFrom: {secretKeyRef: {name: llm, key: key}}}]',
        '',
      ].join('\n');
      files[`k8s/${ns}/netpol.yaml`] = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', `metadata: {name: deny, namespace: ${ns}}`, 'spec:', '  podSelector: {}', '  policyTypes: [Ingress, Egress]', ''].join('\n');
    }
    const project = await fresh(files);
    const workloads = project.stats()!.workloads;
    assert.equal(workloads, namespaces.length, 'one workload per namespace');
    const file = 'k8s/beta/netpol.yaml';
    const edited = files[file].replace('policyTypes: [Ingress, Egress]', 'policyTypes: [Ingress]');
    project.setFile(file, edited);
    oneEvaluatedAgain(project, workloads, "the namespace's workload");
    // While typing, the kind itself is half-written for a moment: still one namespace's work.
    project.setFile(file, edited.replace('kind: NetworkPolicy', 'kind: NetworkPolic'));
    assert.ok(project.stats()!.evaluationsComputed <= 1, `${project.stats()!.evaluationsComputed} evaluated again`);
    project.setFile(file, edited);
    const reference = await fresh({ ...files, [file]: edited });
    assert.deepEqual(comparable(project.result()), comparable(reference.result()));
  });

  it('editing a bucket evaluates again only the workloads that name it by s3:// URI, not every reader of buckets', async () => {
    const files: Record<string, string> = {};
    const teams = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
    const base = readFileSync(join(ROOT, 'test/fixtures/controls/ARG-DAT-003/negative-aws.tf'), 'utf8');
    for (const t of teams) files[`infra/${t}/main.tf`] = base
        .replace('s3://${aws_s3_bucket.training.bucket}/', `s3://acme-${t}-models/`)
        .replaceAll('acme-claims', `acme-${t}`)
        .replace('claims-summariser', `${t}-summariser`);
    // Each team's training data is in a bucket of another root module, named by a literal URI.
    for (const t of teams) files[`infra/shared/${t}.tf`] = `resource "aws_s3_bucket" "${t}_models" {\n  bucket = "acme-${t}-models"\n  tags   = { team = "${t}" }\n}\n`;
    const project = await fresh(files);
    const workloads = project.stats()!.workloads;
    assert.equal(workloads, teams.length, 'one workload per team');
    const file = 'infra/shared/beta.tf';
    const edited = files[file].replace('bucket = "acme-beta-models"', 'bucket = "acme-beta-models-v2"');
    project.setFile(file, edited);
    oneEvaluatedAgain(project, workloads, 'the workload that named the bucket');
    // A new bucket nobody names: nothing to evaluate again.
    const extra = 'infra/shared/extra.tf';
    const text = 'resource "aws_s3_bucket" "unused" {\n  bucket = "acme-unused"\n}\n';
    project.setFile(extra, text);
    assert.equal(project.stats()!.evaluationsComputed, 0, 'no workload names the new bucket');
    const reference = await fresh({ ...files, [file]: edited, [extra]: text });
    assert.deepEqual(comparable(project.result()), comparable(reference.result()));
  });

  it('editing a manifest changes what the code beside it is read as (an ambiguous import is the SDK once declared)', async () => {
    // `import agents` is the OpenAI Agents SDK only when the dependency is declared (or a known
    // export is used); the answer must follow edits of requirements.txt, in both directions.
    const files: Record<string, string> = {
      'svc/requirements.txt': 'requests==2.32.3\n',
      'svc/app.py': 'import agents\n\n\ndef run(q):\n    return agents.run_sync(q)\n',
    };
    const project = await fresh(files);
    const types = () => project.result().workloads.map((w) => w.name);
    assert.deepEqual(types(), [], 'not declared: a local module named agents, not the SDK');
    const declared = 'requests==2.32.3\nopenai-agents==0.2.0\n';
    project.setFile('svc/requirements.txt', declared);
    const reference = await fresh({ ...files, 'svc/requirements.txt': declared });
    assert.ok(reference.result().workloads.length > 0, 'a fresh scan sees the SDK once it is declared');
    assert.deepEqual(comparable(project.result()), comparable(reference.result()));
    project.setFile('svc/requirements.txt', files['svc/requirements.txt']);
    assert.deepEqual(comparable(project.result()), comparable((await fresh(files)).result()));
  });

  it('suppressions follow edits and the day: an added ignore, its expiry, and its removal give what a fresh scan gives', async () => {
    let day = '2026-12-01';
    const options = { assets: nodeAssets(), today: () => day };
    const open = async (texts: Record<string, string>): Promise<Project> => {
      const p = new Project(options);
      await p.init();
      await p.loadAll(memorySource(texts));
      return p;
    };
    const files = { ...original };
    const project = await open(files);
    const target = project.result().findings.find((f) => !f.suppressed && f.file.endsWith('.tf'))!;
    assert.ok(target, 'a Terraform finding to suppress');
    // At the end of the finding's line: no fact moves, so the evaluation is the one of before
    // and only the suppression differs.
    const lines = files[target.file].split('\n');
    lines[target.range.start.line] += `  # ai-risk-gradient:ignore ${target.controlId} reason="accepted for the test" expires=2026-12-05`;
    const ignored = lines.join('\n');
    project.setFile(target.file, ignored);
    const suppressedOf = (r: ScanResult) => r.findings.filter((f) => f.suppressed && f.controlId === target.controlId && f.file === target.file).length;
    assert.equal(suppressedOf(project.result()), 1, 'the ignore comment suppresses the finding');
    assert.deepEqual(comparable(project.result()), comparable((await open({ ...files, [target.file]: ignored })).result()));
    // A later day, an edit elsewhere: the suppression has expired.
    day = '2026-12-10';
    const other = Object.keys(files).find((f) => f !== target.file && f.endsWith('.tf'))!;
    project.setFile(other, `${files[other]}\n`);
    assert.equal(suppressedOf(project.result()), 0, 'expired');
    assert.deepEqual(comparable(project.result()), comparable((await open({ ...files, [target.file]: ignored, [other]: `${files[other]}\n` })).result()));
    project.setFile(target.file, files[target.file]);
    assert.deepEqual(comparable(project.result()), comparable((await open({ ...files, [other]: `${files[other]}\n` })).result()));
    // An ignore in a file no workload reads: the findings are the same list, the suppressions
    // are not; it is reported as matching nothing.
    const lone = 'notes/unrelated.tf';
    const loneText = `# ai-risk-gradient:ignore ${target.controlId} reason="nothing here"\nlocals {\n  x = 1\n}\n`;
    project.setFile(lone, loneText);
    assert.ok(project.result().problems.some((p) => p.file === lone && p.code === 'suppression/unused'), 'an unused suppression is reported');
    assert.deepEqual(comparable(project.result()), comparable((await open({ ...files, [other]: `${files[other]}\n`, [lone]: loneText })).result()));
  });

  it('Kubernetes edits that change what the grouping reads regroup; others keep the grouping, as a fresh scan does', async () => {
    const deployment = (name: string, meta: string, pod: string, env: string, replicas = 1, image = 'ghcr.io/example/app:1.0') =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        `metadata: {name: ${name}, namespace: alpha, labels: {app: ${meta}}}`,
        'spec:',
        `  replicas: ${replicas}`,
        `  selector: {matchLabels: {app: ${pod}}}`,
        '  template:',
        `    metadata: {labels: {app: ${pod}}}`,
        '    spec:',
        '      containers:',
        `        - name: ${name}`,
        `          image: ${image}`,
        `          env: [${env}]`,
        '',
      ].join('\n');
    const llm = '{name: OPENAI_API_KEY, valueFrom: {secretKeyRef: {name: llm, key: key}}}';
    const plain = '{name: LOG_LEVEL, value: info}';
    const files: Record<string, string> = {
      'k8s/chat.yaml': deployment('chat', 'chat', 'chat', llm),
      'k8s/worker.yaml': deployment('worker', 'worker', 'worker', plain),
      'k8s/service.yaml': ['apiVersion: v1', 'kind: Service', 'metadata: {name: chat, namespace: alpha}', 'spec:', '  selector: {app: chat}', '  ports: [{port: 80}]', ''].join('\n'),
    };
    const project = await fresh(files);
    const members = () => project.result().workloads.map((w) => `${w.name}: ${[...w.members].sort().join(' ')}`);
    assert.equal(project.result().workloads.length, 1, 'the chat deployment (with its Service) is the one AI workload');
    const steps: [string, string, string][] = [
      // Only the image: a model server is a tier signal, and no reference changes.
      ['the worker runs a model server: a tier signal, a second workload', 'k8s/worker.yaml', deployment('worker', 'worker', 'worker', plain, 1, 'vllm/vllm-openai:v0.6.3')],
      ['the worker takes the chat app label: one workload of two deployments', 'k8s/worker.yaml', deployment('worker', 'chat', 'worker', plain, 1, 'vllm/vllm-openai:v0.6.3')],
      ['the chat pods get another label: the Service no longer selects them', 'k8s/chat.yaml', deployment('chat', 'chat', 'chat2', llm)],
      ['the Service selects the new label: it joins again', 'k8s/service.yaml', files['k8s/service.yaml'].replace('selector: {app: chat}', 'selector: {app: chat2}')],
      ['a replica count: nothing the grouping reads', 'k8s/chat.yaml', deployment('chat', 'chat', 'chat2', llm, 3)],
    ];
    for (const [what, file, text] of steps) {
      const before = members();
      files[file] = text;
      project.setFile(file, text);
      const reference = await fresh(files);
      assert.deepEqual(comparable(project.result()), comparable(reference.result()), what);
      if (what.startsWith('a replica')) assert.deepEqual(members(), before, what);
      else assert.notDeepEqual(members(), before, `${what}: the grouping changes`);
    }
  });

  it('deleteFiles removes several files with one analysis and the result of a fresh scan', async () => {
    const project = await fresh(original);
    const before = project.result();
    const gone = names.filter((n) => n.startsWith('tiers/worked-example/') || n.endsWith('isvc.yaml'));
    assert.ok(gone.length >= 3, `${gone.length} files`);
    const change = project.deleteFiles(gone);
    const rest = Object.fromEntries(Object.entries(original).filter(([n]) => !gone.includes(n)));
    const reference = await fresh(rest);
    assert.deepEqual(comparable(project.result()), comparable(reference.result()));
    for (const f of differing(before, project.result())) assert.ok(change.changedFiles.includes(f), `${f} changed but is not in the ChangeSet`);
    for (const f of gone) assert.ok(change.changedFiles.includes(f));
  });
});
