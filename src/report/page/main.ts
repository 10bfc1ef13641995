// The report page: renders the data `crossrole report` embedded (report-data, graph-data). The
// graph's questions are answered by crossrole's own code (whoCanAssume, reachableRoles and
// accountView over the unpacked graph), bundled in; this file only draws.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import type { Finding } from '../../audit/finding.js';
import type { AccessGraph } from '../../graph/graph.js';
import { reachableRoles, whoCanAssume, type PathView, type ReachedNode } from '../../graph/queries.js';
import { accountView } from '../account-view.js';
import { unpackGraph, type CompactGraph } from '../compact-graph.js';
import type { ReportData } from '../model.js';
import { el } from './dom.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
/** Findings shown at once; the filters narrow the rest. */
const SHOWN_FINDINGS = 300;
/** Search results listed per side. */
const SHOWN_RESULTS = 200;
/** More places than this: the overview starts with each OU as one node. */
const EXPANDED_PLACES = 150;

const data = JSON.parse(document.getElementById('report-data')!.textContent!) as ReportData;
let graph: AccessGraph | undefined;
/** The embedded graph, unpacked when a view first needs it (the overview does not). */
function accessGraph(): AccessGraph {
  graph ??= unpackGraph(JSON.parse(document.getElementById('graph-data')!.textContent!) as CompactGraph);
  return graph;
}

const app = document.getElementById('app')!;
app.replaceChildren();
const tabs = ['Overview', 'Findings', 'Graph', ...(data.fleet ? ['Fleet'] : [])];
const nav = el('nav', { class: 'tabs', role: 'tablist', 'aria-label': 'Report sections' });
const panels = new Map<string, HTMLElement>();
app.append(
  el('header', {}, el('h1', {}, `crossrole report: ${data.organization.id}`), el('p', { class: 'meta' }, `${data.counts.accounts} accounts, ${data.findings.length} findings; written ${data.generatedAt} by crossrole ${data.version}`)),
  nav,
);
for (const name of tabs) {
  const button = el('button', { type: 'button', role: 'tab', id: `tab-${name}`, 'aria-controls': `panel-${name}` }, name);
  button.addEventListener('click', () => show(name));
  nav.append(button);
  const panel = el('section', { id: `panel-${name}`, role: 'tabpanel', 'aria-labelledby': `tab-${name}`, class: 'panel' });
  panels.set(name, panel);
  app.append(panel);
}
const rendered = new Set<string>();

function show(name: string): void {
  for (const [key, panel] of panels) {
    panel.hidden = key !== name;
    document.getElementById(`tab-${key}`)!.setAttribute('aria-selected', String(key === name));
  }
  if (!rendered.has(name)) {
    rendered.add(name);
    ({ Overview: renderOverview, Findings: renderFindings, Graph: renderGraph, Fleet: renderFleet })[name as 'Overview']!(panels.get(name)!);
  }
  if (name === 'Graph') cy?.resize();
}

// ---- Overview ----------------------------------------------------------------------------------
function renderOverview(panel: HTMLElement): void {
  const c = data.counts;
  panel.append(
    el('h2', {}, 'Organization'),
    table(
      ['', ''],
      [
        ['Organization', data.organization.id],
        ['Management account', data.organization.managementAccountId],
        ['Accounts', `${c.accounts} (${c.audited} audited)`],
        ['Organizational units', String(data.organization.organizationalUnits)],
        ['Principals', `${c.users} users, ${c.roles} roles, ${c.groups} groups`],
        ['Can-assume edges', `${c.edges} (${c.riskyEdges} risky)`],
      ],
    ),
    el('h2', {}, 'Findings by severity'),
    el(
      'ul',
      { class: 'severity-counts' },
      ...SEVERITIES.map((s) => {
        const link = el('button', { type: 'button', class: `sev sev-${s}` }, `${s.toUpperCase()}: ${data.severityCounts[s]}`);
        link.addEventListener('click', () => {
          show('Findings');
          setFilters({ severity: s });
        });
        return el('li', {}, link);
      }),
    ),
  );
  const notCollected = data.coverage.notCollected;
  if (notCollected.length) panel.append(el('p', {}, `Not collected (not audited): ${notCollected.map((a) => `${a.accountName} (${a.accountId})`).join(', ')}`));
  const paths = data.findings.filter((f) => f.path).slice(0, 10);
  panel.append(el('h2', {}, 'Worst paths in from outside the organization'));
  if (!paths.length) panel.append(el('p', {}, 'No path from outside the organization reaches an admin-equivalent role.'));
  for (const f of paths) panel.append(findingCard(f));
  if (data.warnings.length) panel.append(el('h2', {}, 'Warnings'), el('ul', {}, ...data.warnings.slice(0, 20).map((w) => el('li', {}, w))));
}

function table(head: string[], rows: string[][]): HTMLElement {
  return el(
    'table',
    {},
    head.some((h) => h) ? el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))) : el('thead', {}),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((cell, i) => (i === 0 ? el('th', { scope: 'row' }, cell) : el('td', {}, cell)))))),
  );
}

// ---- Findings ----------------------------------------------------------------------------------
const filters = { severity: el('select', { id: 'filter-severity', 'aria-label': 'Severity' }), code: el('select', { id: 'filter-code', 'aria-label': 'Code' }), account: el('select', { id: 'filter-account', 'aria-label': 'Account' }), text: el('input', { id: 'filter-text', type: 'search', placeholder: 'Search findings', 'aria-label': 'Search findings' }) };
const findingList = el('div', { id: 'finding-list' });
const findingCount = el('p', { id: 'finding-count', role: 'status' });

function renderFindings(panel: HTMLElement): void {
  const options = (select: HTMLSelectElement, all: string, values: [string, string][]) => select.append(el('option', { value: '' }, all), ...values.map(([v, label]) => el('option', { value: v }, label)));
  options(filters.severity, 'every severity', SEVERITIES.map((s) => [s, s]));
  options(filters.code, 'every code', [...new Set(data.findings.map((f) => f.code))].sort().map((c) => [c, c]));
  const accounts = new Map(data.findings.map((f) => [f.accountId, f.accountName ? `${f.accountName} (${f.accountId})` : f.accountId]));
  options(filters.account, 'every account', [...accounts].sort((a, b) => a[1].localeCompare(b[1])));
  for (const control of Object.values(filters)) control.addEventListener('input', listFindings);
  panel.append(el('div', { class: 'filters' }, label('Severity', filters.severity), label('Code', filters.code), label('Account', filters.account), label('Search', filters.text)), findingCount, findingList);
  listFindings();
}

function label(name: string, control: HTMLElement): HTMLElement {
  return el('label', {}, `${name} `, control);
}

function setFilters(values: Partial<Record<'severity' | 'code' | 'account' | 'text', string>>): void {
  if (!rendered.has('Findings')) show('Findings');
  for (const [key, value] of Object.entries(values)) filters[key as keyof typeof filters].value = value;
  listFindings();
}

function listFindings(): void {
  const words = filters.text.value.toLowerCase().split(/\s+/).filter(Boolean);
  const matching = data.findings.filter(
    (f) =>
      (!filters.severity.value || f.severity === filters.severity.value) &&
      (!filters.code.value || f.code === filters.code.value) &&
      (!filters.account.value || f.accountId === filters.account.value) &&
      words.every((w) => searchText(f).includes(w)),
  );
  findingCount.textContent = `${matching.length} of ${data.findings.length} findings${matching.length > SHOWN_FINDINGS ? `, the first ${SHOWN_FINDINGS} shown` : ''}`;
  findingList.replaceChildren(...matching.slice(0, SHOWN_FINDINGS).map(findingCard));
}

const searchTexts = new WeakMap<Finding, string>();
function searchText(f: Finding): string {
  let known = searchTexts.get(f);
  if (known === undefined) searchTexts.set(f, (known = [f.code, f.severity, f.accountId, f.accountName ?? '', f.roleArn, f.title, f.explanation, f.remediation, ...(f.path ?? []).map((h) => `${h.from} ${h.to} ${h.conditions.join(' ')}`)].join(' ').toLowerCase()));
  return known;
}

function findingCard(f: Finding): HTMLElement {
  const account = f.accountName ? `${f.accountName} (${f.accountId})` : f.accountId;
  const button = el('button', { type: 'button', class: 'to-graph' }, f.path ? 'Show the path in the graph' : 'Show in the graph');
  button.addEventListener('click', () => {
    show('Graph');
    if (f.path) showPath(f.path.map((h) => ({ from: h.from, to: h.to, label: h.conditions.join(' or ') || 'no condition' })), `${f.code}: ${f.roleArn}`);
    else drillDown(f.accountId, f.roleArn);
  });
  return el(
    'article',
    { class: `finding finding-${f.severity}` },
    el('h3', {}, el('span', { class: `sev sev-${f.severity}` }, f.severity.toUpperCase()), ' ', el('code', {}, f.code), ' ', f.title),
    el('p', { class: 'where' }, `Account ${account}, `, el('code', { class: 'arn' }, f.roleArn), f.statement ? ` statement ${f.statement.index}${f.statement.sid ? ` "${f.statement.sid}"` : ''}` : ''),
    el('p', {}, f.explanation),
    ...(f.path ? [el('ol', { class: 'hops' }, ...f.path.map((h) => el('li', {}, el('code', {}, h.from), ' → ', el('code', {}, h.to), `: ${h.conditions.length ? h.conditions.join(' or ') : 'no condition'}`)))] : []),
    el('p', {}, el('strong', {}, 'Fix: '), f.remediation),
    button,
  );
}

// ---- Graph -------------------------------------------------------------------------------------
let cy: Core | undefined;
/** The account drilled into, when that is the level drawn. */
let graphAccount: string | undefined;
const graphBox = el('div', { id: 'graph', 'aria-label': 'Access graph (the lists beside it say the same in text)' });
const crumbs = el('nav', { id: 'graph-crumbs', 'aria-label': 'Graph level' });
const side = el('div', { id: 'graph-side', 'aria-live': 'polite' });
const arnInput = el('input', { id: 'arn-search', type: 'search', placeholder: 'arn:aws:iam::…:role/… or an account id', 'aria-label': 'Principal or role ARN', list: 'arn-suggestions' });
const jump = el('select', { id: 'account-jump', 'aria-label': 'Drill down into an account' });
const expanded = new Set<number>();

function renderGraph(panel: HTMLElement): void {
  const form = el('form', { class: 'arn-form', role: 'search' }, label('Who can reach / what does it reach:', arnInput), el('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    searchArn(arnInput.value.trim());
  });
  jump.append(el('option', { value: '' }, 'Drill down into an account…'));
  data.overview.places.forEach((p) => p.kind === 'account' && jump.append(el('option', { value: p.key }, `${p.label} (${p.key})`)));
  jump.addEventListener('change', () => jump.value && drillDown(jump.value));
  panel.append(form, el('div', { class: 'graph-bar' }, crumbs, jump), el('div', { class: 'graph-area' }, graphBox, side));
  showOverview();
}

function draw(elements: ElementDefinition[], layout: cytoscape.LayoutOptions): Core {
  cy?.destroy();
  cy = cytoscape({
    container: graphBox,
    elements,
    layout,
    minZoom: 0.05,
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 10, 'text-valign': 'bottom', 'text-wrap': 'ellipsis', 'text-max-width': '120px', 'background-color': '#4a6fa5', width: 18, height: 18 } },
      { selector: ':parent', style: { 'text-valign': 'top', 'background-color': '#eef2f7', 'background-opacity': 0.6, 'border-color': '#9aa9bb', 'border-width': 1, shape: 'round-rectangle' } },
      { selector: 'node.outside', style: { 'background-color': '#b5651d', shape: 'diamond' } },
      { selector: 'node.group', style: { shape: 'round-rectangle', width: 40, height: 26, 'background-color': '#7d8fa6' } },
      { selector: 'node.finding', style: { 'border-width': 3, 'border-color': '#b00020' } },
      { selector: 'node.role', style: { shape: 'round-rectangle' } },
      { selector: 'node.user', style: { shape: 'ellipse', 'background-color': '#2e7d32' } },
      { selector: 'node.focus', style: { 'border-width': 4, 'border-color': '#ffb300', width: 26, height: 26 } },
      { selector: 'edge', style: { width: 'mapData(weight, 1, 50, 1, 6)', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': '#9aa9bb', 'target-arrow-color': '#9aa9bb', 'arrow-scale': 0.8 } },
      { selector: 'edge.risky', style: { 'line-color': '#b00020', 'target-arrow-color': '#b00020', 'line-style': 'dashed' } },
      { selector: 'edge.labelled', style: { label: 'data(label)', 'font-size': 9, 'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
      { selector: 'node.wide', style: { 'text-max-width': '280px', 'text-wrap': 'wrap', 'font-size': 11 } },
      { selector: 'edge.hop', style: { width: 3, 'line-color': '#ffb300', 'target-arrow-color': '#ffb300' } },
    ],
  });
  return cy;
}

/** The breadcrumb of the level drawn; the account list shows the account drilled into, if any. */
function setCrumbs(...items: [string, (() => void) | undefined][]): void {
  jump.value = graphAccount ?? '';
  crumbs.replaceChildren(
    ...items.map(([name, go], i) => {
      const item = go ? el('button', { type: 'button', class: 'crumb' }, name) : el('span', { class: 'crumb', 'aria-current': 'page' }, name);
      if (go) item.addEventListener('click', go);
      return i ? el('span', {}, ' › ', item) : item;
    }),
  );
}

/** Accounts by OU; an OU not expanded is one node. Edges between what is drawn, counted. */
function showOverview(): void {
  const { groups, places, edges } = data.overview;
  const big = places.length > EXPANDED_PLACES;
  const isOpen = (g: number) => !big || expanded.has(g);
  const shownId = (p: number) => (isOpen(places[p]!.group) ? `p${p}` : `g${places[p]!.group}`);
  const elements: ElementDefinition[] = [];
  groups.forEach((g, i) => {
    const members = places.filter((p) => p.group === i).length;
    if (isOpen(i)) elements.push({ data: { id: `g${i}`, label: g.name }, classes: g.outside ? 'outside-group' : '' });
    else elements.push({ data: { id: `g${i}`, label: `${g.name} (${members})`, group: i }, classes: 'group' });
  });
  places.forEach((p, i) => {
    if (!isOpen(p.group)) return;
    elements.push({ data: { id: `p${i}`, parent: `g${p.group}`, label: p.kind === 'account' ? p.label : p.label, place: i }, classes: `${p.kind === 'account' ? '' : 'outside'} ${p.findings ? 'finding' : ''}` });
  });
  const merged = new Map<string, { from: string; to: string; count: number; risky: number }>();
  for (const e of edges) {
    const from = shownId(e.from);
    const to = shownId(e.to);
    if (from === to) continue;
    const key = `${from}>${to}`;
    const m = merged.get(key) ?? { from, to, count: 0, risky: 0 };
    m.count += e.count;
    m.risky += e.risky;
    merged.set(key, m);
  }
  for (const [key, m] of merged) elements.push({ data: { id: key, source: m.from, target: m.to, weight: Math.min(m.count, 50), label: `${m.count}${m.risky ? `, ${m.risky} risky` : ''}` }, classes: m.risky ? 'risky labelled' : '' });
  const core = draw(elements, { name: 'preset', positions: groupedPositions(elements), fit: true, padding: 20 } as cytoscape.LayoutOptions);
  core.on('tap', 'node', (event) => {
    const d = event.target.data() as { group?: number; place?: number };
    if (d.group !== undefined) {
      expanded.add(d.group);
      showOverview();
    } else if (d.place !== undefined) {
      const place = places[d.place]!;
      if (place.kind === 'account') drillDown(place.key);
      else describePlace(d.place);
    }
  });
  core.on('tap', 'edge', (event) => side.replaceChildren(el('p', {}, `${event.target.data('label')} can-assume edge(s)`)));
  graphAccount = undefined;
  setCrumbs(['Organization', undefined]);
  side.replaceChildren(
    el('h3', {}, 'Account overview'),
    el('p', {}, `${places.length} accounts and outside callers in ${groups.length} groups; ${merged.size} edges drawn (${edges.reduce((n, e) => n + e.count, 0)} can-assume edges between accounts). Red dashed edges are risky.`),
    el('p', {}, big ? 'Select an OU to open it (or open it from the list), an account to drill down.' : 'Select an account to drill down.'),
  );
  const closed = groups.map((g, i) => ({ g, i })).filter(({ i }) => !isOpen(i));
  if (closed.length) {
    side.append(
      el('h4', {}, 'Open an OU'),
      el(
        'ul',
        { class: 'groups' },
        ...closed.map(({ g, i }) => {
          const open = el('button', { type: 'button', class: 'open-group' }, `${g.name} (${places.filter((p) => p.group === i).length})`);
          open.addEventListener('click', () => {
            expanded.add(i);
            showOverview();
          });
          return el('li', {}, open);
        }),
      ),
    );
  }
  graphBox.dataset.level = 'overview';
}

/** Organization groups first, then the outside ones, row by row; inside a group its places in a square grid. Cheap at any size, and groups never overlap. */
function groupedPositions(elements: ElementDefinition[]): Record<string, { x: number; y: number }> {
  const cell = { x: 150, y: 70 };
  const children = new Map<string, string[]>();
  const tops: string[] = [];
  for (const e of elements) {
    if (e.data.source !== undefined) continue;
    const parent = e.data.parent as string | undefined;
    if (parent === undefined) tops.push(e.data.id!);
    else children.set(parent, [...(children.get(parent) ?? []), e.data.id!]);
  }
  const outside = (id: string) => (id.startsWith('g') ? data.overview.groups[Number(id.slice(1))]!.outside : false);
  tops.sort((a, b) => Number(outside(a)) - Number(outside(b)));
  const blocks = tops.map((id) => {
    const members = children.get(id) ?? [];
    const columns = Math.max(1, Math.ceil(Math.sqrt(members.length * 2)));
    return { id, members, columns, width: members.length ? columns * cell.x + 60 : 220, height: members.length ? Math.ceil(members.length / columns) * cell.y + 60 : 90 };
  });
  // Rows about as wide as the whole is tall, so the drawing fits a screen.
  const area = blocks.reduce((sum, b) => sum + b.width * b.height, 0);
  const rowWidth = Math.max(...blocks.map((b) => b.width), Math.sqrt(area) * 1.5);
  const positions: Record<string, { x: number; y: number }> = {};
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const { id, members, columns, width, height } of blocks) {
    if (x > 0 && x + width > rowWidth) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    if (members.length === 0) positions[id] = { x: x + width / 2, y: y + height / 2 };
    members.forEach((member, i) => (positions[member] = { x: x + 30 + (i % columns) * cell.x + cell.x / 2, y: y + 40 + Math.floor(i / columns) * cell.y }));
    x += width;
    rowHeight = Math.max(rowHeight, height);
  }
  return positions;
}

function describePlace(index: number): void {
  const p = data.overview.places[index]!;
  side.replaceChildren(el('h3', {}, p.label), el('p', {}, `${p.kind}: ${p.key}`), searchButton(p.key, 'What it reaches'));
}

function searchButton(arn: string, name: string): HTMLElement {
  const b = el('button', { type: 'button' }, name);
  b.addEventListener('click', () => {
    arnInput.value = arn;
    searchArn(arn);
  });
  return b;
}

function drillDown(accountId: string, focusArn?: string): void {
  const view = accountView(accessGraph(), accountId);
  const name = data.overview.places.find((p) => p.key === accountId)?.label ?? accountId;
  const elements: ElementDefinition[] = [
    ...view.nodes.map((n) => ({ data: { id: n.id, label: n.kind === 'account' ? `${n.name} (any principal)` : n.name, arn: n.arn }, classes: `${n.kind}${n.arn === focusArn ? ' focus' : ''}` })),
    ...view.neighbours.map((n) => ({ data: { id: n.id, label: n.label, arn: n.id.slice(2) }, classes: n.inOrg ? 'group' : 'outside' })),
    ...view.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.from, target: e.to, weight: Math.min(e.count, 50), label: e.count > 1 ? String(e.count) : e.summary }, classes: `${e.risky ? 'risky ' : ''}${focusArn && view.nodes.some((n) => n.arn === focusArn && n.id === e.to) ? 'hop labelled' : ''}` })),
  ];
  const core = draw(elements, { name: 'cose', animate: false, nodeDimensionsIncludeLabels: true, numIter: 400 } as cytoscape.LayoutOptions);
  core.on('tap', 'node', (event) => {
    const arn = event.target.data('arn') as string;
    if (event.target.hasClass('group') || event.target.hasClass('outside')) {
      if (/^\d{12}$/.test(arn) && data.overview.places.some((p) => p.key === arn && p.kind === 'account')) return drillDown(arn);
    }
    side.replaceChildren(el('h3', {}, event.target.data('label') as string), el('p', {}, el('code', { class: 'arn' }, arn)), searchButton(arn, 'Who can reach it / what it reaches'));
  });
  graphAccount = accountId;
  setCrumbs(['Organization', showOverview], [`${name} (${accountId})`, undefined]);
  const roles = view.nodes.filter((n) => n.kind === 'role').length;
  const users = view.nodes.filter((n) => n.kind === 'user').length;
  side.replaceChildren(el('h3', {}, `${name} (${accountId})`), el('p', {}, `${roles} roles, ${users} users, ${view.neighbours.length} other accounts or callers, ${view.edges.length} edges drawn.`), ...(focusArn ? [el('p', {}, 'Highlighted: ', el('code', { class: 'arn' }, focusArn)), searchButton(focusArn, 'Who can reach it')] : []));
  graphBox.dataset.level = 'account';
}

interface DrawnHop {
  from: string;
  to: string;
  label: string;
}

/** A path hop by hop, left to right, each hop with what it needs. */
function showPath(hops: DrawnHop[], title: string): void {
  const arns = [hops[0]!.from, ...hops.map((h) => h.to)];
  const elements: ElementDefinition[] = [
    ...arns.map((arn, i) => ({ data: { id: `a${i}`, label: arn.replace(/^arn:aws:iam::/, '') }, classes: `wide ${i === arns.length - 1 ? 'focus' : ''}` })),
    ...hops.map((h, i) => ({ data: { id: `h${i}`, source: `a${i}`, target: `a${i + 1}`, weight: 3, label: `${i + 1}. ${h.label}` }, classes: 'hop labelled' })),
  ];
  // Left to right, one hop per step, so each hop's label reads along its edge.
  const positions = Object.fromEntries(arns.map((_, i) => [`a${i}`, { x: i * 320, y: (i % 2) * 60 }]));
  draw(elements, { name: 'preset', positions, fit: true, padding: 60 } as cytoscape.LayoutOptions);
  graphAccount = undefined;
  setCrumbs(['Organization', showOverview], [`Path: ${title}`, undefined]);
  side.replaceChildren(el('h3', {}, 'Path'), el('ol', { class: 'hops', id: 'path-hops' }, ...hops.map((h) => el('li', {}, el('code', {}, h.from), ' → ', el('code', {}, h.to), `: ${h.label}`))));
  graphBox.dataset.level = 'path';
}

function searchArn(arn: string): void {
  if (!arn) return;
  const g = accessGraph();
  const parts: HTMLElement[] = [el('h3', {}, el('code', { class: 'arn' }, arn))];
  try {
    const node = g.find(arn) ?? (/^\d{12}$/.test(arn) ? g.account(arn) : undefined);
    if (node?.kind === 'role') {
      const who = whoCanAssume(g, arn);
      parts.push(el('h4', {}, `Who can reach it: ${who.principals.length}`), reachedList(who.principals));
    }
    const reach = reachableRoles(g, arn);
    parts.push(el('h4', {}, `What it reaches: ${reach.roles.length} roles in ${reach.accounts.length} accounts`), reachedList(reach.roles));
  } catch (error) {
    // resolveNode's message: not in the snapshot, with a did-you-mean.
    parts.push(el('p', { class: 'error', role: 'alert' }, (error as Error).message));
  }
  side.replaceChildren(...parts);
}

function reachedList(rows: ReachedNode[]): HTMLElement {
  const list = el('ul', { class: 'reached' });
  for (const r of rows.slice(0, SHOWN_RESULTS)) {
    const path = r.paths[0];
    const item = el('li', {}, `${r.hops} hop${r.hops === 1 ? '' : 's'}: ${r.node.kind} `, el('code', { class: 'arn' }, r.node.arn), path?.risky ? el('span', { class: 'sev sev-high' }, ' RISKY') : '', ` (${path?.conditions ?? 'none'})`);
    if (path) {
      const b = el('button', { type: 'button' }, 'path');
      b.addEventListener('click', () => showPath(hopsOf(path), r.node.arn));
      item.append(' ', b);
    }
    list.append(item);
  }
  if (rows.length > SHOWN_RESULTS) list.append(el('li', {}, `… and ${rows.length - SHOWN_RESULTS} more`));
  if (!rows.length) list.append(el('li', {}, 'none'));
  return list;
}

function hopsOf(path: PathView): DrawnHop[] {
  return path.hops.map((h) => ({ from: h.from, to: h.to, label: `${h.summary}${h.risk ? ` (risky: ${h.risk})` : ''}` }));
}

// ---- Fleet -------------------------------------------------------------------------------------
function renderFleet(panel: HTMLElement): void {
  const fleet = data.fleet!;
  panel.append(
    el('h2', {}, 'Fleet: account × spoke role'),
    el('p', {}, fleet.source === 'verify' ? 'Statuses from crossrole verify (the worst over the hubs).' : 'Statuses from the snapshot (run crossrole verify --json and pass --verify for live and policy checks).'),
    el(
      'table',
      { class: 'fleet' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Account'), ...fleet.roles.map((r) => el('th', { scope: 'col' }, r)))),
      el(
        'tbody',
        {},
        ...fleet.accounts.map((a) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, `${a.accountName} (${a.accountId})`),
            ...a.cells.map((c) => (c ? el('td', { class: `fleet-${c.status}`, title: c.reason ?? '', tabindex: c.reason ? '0' : undefined }, c.status) : el('td', {}, '–'))),
          ),
        ),
      ),
    ),
  );
}

show('Overview');
// The page is drawn: tests wait for this mark.
document.documentElement.dataset.ready = 'true';
