// The assessment report page. Data comes from the extension in #data; clicks go back as messages.
(function () {
  const vscode = acquireVsCodeApi();
  const data = JSON.parse(document.getElementById('data').textContent);
  const state = Object.assign({ filter: '', sort: 'tier', gapsOnly: false, open: data.focus || null }, vscode.getState() || {});
  if (data.focus) state.open = data.focus;
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const k of kids.flat()) if (k !== undefined && k !== null) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
    return e;
  };
  const tierNum = (t) => Number(String(t).slice(1)) || 0;
  const save = () => vscode.setState({ filter: state.filter, sort: state.sort, gapsOnly: state.gapsOnly, open: state.open });
  const reveal = (uri, line, character) => vscode.postMessage({ type: 'reveal', uri, line, character });

  function matches(r) {
    if (state.gapsOnly && r.missing === 0) return false;
    const q = state.filter.trim().toLowerCase();
    if (!q) return true;
    const hay = [r.name, r.kind, r.root, r.owner, r.baseline, r.effective, r.zone, r.folder, ...r.controls.map((c) => `${c.id} ${c.title} ${c.status} ${c.provisions.join(' ')}`), ...r.modifiers.filter((m) => m.rating === 'high').map((m) => m.label)].join(' ').toLowerCase();
    return q.split(/\s+/).every((w) => hay.includes(w));
  }

  function sorted(rows) {
    const by = {
      tier: (a, b) => tierNum(b.effective) - tierNum(a.effective) || b.missing - a.missing || a.name.localeCompare(b.name),
      missing: (a, b) => b.missing - a.missing || tierNum(b.effective) - tierNum(a.effective),
      name: (a, b) => a.name.localeCompare(b.name),
      coverage: (a, b) => a.coverage - b.coverage || tierNum(b.effective) - tierNum(a.effective),
    }[state.sort];
    return rows.slice().sort(by);
  }

  function render() {
    const rows = sorted(data.rows.filter(matches));
    const t = data.totals;
    $('summary').replaceChildren(
      el('div', { class: 'cards' },
        el('div', { class: 'card' }, el('b', {}, String(t.workloads)), ' AI workloads'),
        el('div', { class: 'card' }, el('b', {}, data.rows.length ? data.rows.map((r) => r.effective).sort().pop() : '–'), ' highest tier'),
        el('div', { class: 'card' }, el('b', {}, String(t.missing)), ' missing controls'),
        el('div', { class: 'card' }, el('b', {}, `${t.coverage}%`), ' provisions covered'),
        el('div', { class: 'card' }, el('b', {}, String(t.files)), ' files read')),
    );
    const body = $('inventory').tBodies[0];
    body.replaceChildren(...rows.map((r) => {
      const high = r.modifiers.filter((m) => m.rating === 'high').map((m) => m.label).join(', ') || '–';
      return el('tr', { class: `zone-${r.zone.replace(/\s/g, '-')}${state.open === r.key ? ' selected' : ''}`, 'data-key': r.key, onclick: () => { state.open = state.open === r.key ? null : r.key; save(); render(); } },
        el('td', {}, el('a', { href: '#', onclick: (e) => { e.preventDefault(); e.stopPropagation(); reveal(r.anchor.uri, r.anchor.line, r.anchor.character); } }, r.name), data.folders.length > 1 ? el('span', { class: 'muted' }, ` ${r.folder}`) : null),
        el('td', {}, r.kind), el('td', {}, r.baseline), el('td', {}, el('span', { class: 'tier' }, r.effective)), el('td', {}, r.zone),
        el('td', {}, high), el('td', { class: r.missing ? 'bad' : 'good' }, String(r.missing)), el('td', {}, String(r.needsEvidence)),
        el('td', {}, `${r.coverage}%`), el('td', {}, r.owner || el('span', { class: 'bad' }, 'none')));
    }));
    if (rows.length === 0) body.append(el('tr', {}, el('td', { colspan: 10, class: 'muted' }, 'No workload matches.')));
    const open = data.rows.find((r) => r.key === state.open);
    $('details').replaceChildren(...(open ? details(open) : [el('p', { class: 'muted' }, 'Select a workload for its modifiers and controls.')]));
    const q = state.filter.trim().toLowerCase();
    $('provisions').tBodies[0].replaceChildren(...data.provisions
      .filter((p) => !q || `${p.id} ${p.uk} ${p.summary} ${p.controls.join(' ')}`.toLowerCase().includes(q) || rows.some((r) => r.controls.some((c) => p.controls.includes(c.id))))
      .map((p) => el('tr', {}, el('td', {}, p.id), el('td', {}, p.uk), el('td', {}, p.summary), el('td', { class: p.covered ? 'good' : 'bad' }, p.covered ? 'covered' : 'gap'), el('td', {}, p.controls.join(' ')))));
  }

  function details(r) {
    const tiers = r.baseline === r.effective ? r.effective : `${r.baseline} → ${r.effective}`;
    return [
      el('h2', {}, `${r.name} — ${tiers} (${r.zone})`),
      r.formal ? el('p', { class: 'bad' }, 'Two or more modifiers are High: a formal risk assessment is required.') : null,
      el('p', {}, 'Why this tier: ', [...new Set(r.why)].join('; ') || '–'),
      el('h3', {}, 'Risk modifiers'),
      el('table', { class: 'mods' }, el('tbody', {}, r.modifiers.map((m) => el('tr', {}, el('td', {}, m.label), el('td', { class: `rating-${m.rating}` }, m.rating), el('td', { class: 'muted' }, m.source), el('td', {}, m.why || ''))))),
      el('h3', {}, 'Controls'),
      el('table', { class: 'controls' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Control'), el('th', {}, 'Status'), el('th', {}, 'Provisions'), el('th', {}, 'Summary'), el('th', {}, 'Where'))),
        el('tbody', {}, r.controls.map((c) => el('tr', { class: `status-${c.status}` },
          el('td', {}, el('code', {}, c.id), ' ', c.title), el('td', {}, c.status), el('td', {}, c.provisions.join(', ')), el('td', {}, c.summary),
          el('td', {}, c.findings.map((f) => el('a', { href: '#', onclick: (e) => { e.preventDefault(); reveal(f.uri, f.line, f.character); } }, `${f.file}:${f.line + 1} `))))))),
    ].filter((x) => x !== null && x !== undefined);
  }

  $('filter').value = state.filter;
  $('sort').value = state.sort;
  $('gapsOnly').checked = state.gapsOnly;
  $('filter').addEventListener('input', (e) => { state.filter = e.target.value; save(); render(); });
  $('sort').addEventListener('change', (e) => { state.sort = e.target.value; save(); render(); });
  $('gapsOnly').addEventListener('change', (e) => { state.gapsOnly = e.target.checked; save(); render(); });
  $('exportJson').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'json' }));
  for (const [id, format] of [['exportMarkdown', 'markdown'], ['exportHtml', 'html'], ['exportSarif', 'sarif'], ['exportCsv', 'csv']]) {
    $(id).addEventListener('click', () => vscode.postMessage({ type: 'export', format }));
  }
  $('rescan').addEventListener('click', () => vscode.postMessage({ type: 'rescan' }));
  render();
  if (data.focus) document.querySelector(`tr[data-key="${CSS.escape(data.focus)}"]`)?.scrollIntoView({ block: 'center' });
})();
