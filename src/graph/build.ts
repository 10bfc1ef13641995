// Snapshot → access graph, without trying every principal against every role: candidate edges come
// from joining two indexes (whom each trust names; which principals' identity policies may allow
// sts:AssumeRole on which ARNs), and only candidates go through the policy engine.
import type { Alternatives } from '../policy/discover.js';
import { describeAlternatives } from '../policy/discover.js';
import type { Snapshot } from '../snapshot/types.js';
import { CallerDecisions, type SharedDecisions } from './memo.js';
import { ACTIONS, AccessGraph, type EdgeArrays } from './graph.js';
import { GrantIndex } from './grant-index.js';
import { readModel, type GraphModel } from './model.js';
import { edgeRisk } from './risk.js';
import type { EdgeLabel } from './types.js';

export interface BuildOptions {
  /** Called now and then with a short description of the stage (progress on stderr). */
  progress?: (stage: string) => void;
}

export function buildGraph(snapshot: Snapshot, options: BuildOptions = {}): AccessGraph {
  options.progress?.('reading principals and policies');
  const model = readModel(snapshot);
  options.progress?.(`indexing ${model.roles.length} trusts`);
  const candidates = candidateEdges(model);
  options.progress?.(`deciding ${candidates.from.length} candidate edges`);
  return assembleGraph(model, decideAll(model, candidates.from, candidates.to));
}

interface Decided {
  from: number;
  to: number;
  conditions: Alternatives;
}

/** Candidate (caller, role) pairs: every pair the engine might allow, each once, caller by caller. */
export function candidateEdges(model: GraphModel): { from: Int32Array; to: Int32Array } {
  const grants = new GrantIndex();
  for (const caller of model.callers) {
    if (caller?.kind !== 'principal') continue;
    grants.add(caller.node, caller.account!.id, caller.grants);
  }
  const from: number[] = [];
  const to: number[] = [];
  const seen = new Int32Array(model.table.nodes.length).fill(-1);
  model.roles.forEach((role, r) => {
    const add = (caller: number): void => {
      if (seen[caller] === r) return;
      seen[caller] = r;
      from.push(caller);
      to.push(r);
    };
    const { names } = role;
    names.principals.forEach(add);
    names.services.forEach(add);
    names.federated.forEach(add);
    for (const account of names.accounts) {
      add(model.accounts.get(account)!.node);
      grants.forEachCallerIn(account, role.arn, add);
    }
    if (names.wildcard) {
      add(model.table.find('*')!);
      grants.forEachCaller(role.arn, role.account.id, add);
      // In its own account a trust that lets everyone in needs no identity policy.
      (model.principalsByAccount.get(role.account.id) ?? []).forEach(add);
    }
  });
  return byCaller(from, to, model.table.nodes.length);
}

/** Pairs found role by role, reordered caller by caller (a stable counting sort: roles stay in order). */
function byCaller(from: number[], to: number[], nodes: number): { from: Int32Array; to: Int32Array } {
  const start = new Int32Array(nodes + 1);
  for (const f of from) start[f + 1]!++;
  for (let i = 0; i < nodes; i++) start[i + 1]! += start[i]!;
  const sortedFrom = new Int32Array(from.length);
  const sortedTo = new Int32Array(from.length);
  for (let i = 0; i < from.length; i++) {
    const at = start[from[i]!]!++;
    sortedFrom[at] = from[i]!;
    sortedTo[at] = to[i]!;
  }
  return { from: sortedFrom, to: sortedTo };
}

/** Decides candidate pairs, given caller by caller (each caller's request keys and memo built once). `to` holds indexes into model.roles. */
export function decideAll(model: GraphModel, from: Int32Array, to: Int32Array): Decided[] {
  const decided: Decided[] = [];
  const shared: SharedDecisions = new Map();
  let decisions: CallerDecisions | undefined;
  for (let i = 0; i < from.length; i++) {
    const caller = model.callers[from[i]!]!;
    if (decisions?.caller !== caller) decisions = new CallerDecisions(model.org, caller, shared);
    const role = model.roles[to[i]!]!;
    const conditions = decisions.decide(role);
    if (conditions) decided.push({ from: caller.node, to: role.node, conditions });
  }
  return decided;
}

/** Decided edges (sorted by caller, then role) → the compact graph. */
export function assembleGraph(model: GraphModel, decided: Decided[]): AccessGraph {
  decided.sort((a, b) => a.from - b.from || a.to - b.to);
  const m = decided.length;
  // Decisions share their Alternatives objects (memo.ts): describe each once.
  const summaries = new Map<Alternatives, string>();
  const edges: EdgeArrays = { from: new Int32Array(m), to: new Int32Array(m), action: new Uint8Array(m), label: new Int32Array(m), risk: new Int32Array(m), labels: [], risks: [] };
  const labelIndex = new Map<string, number>();
  const riskIndex = new Map<string, number>();
  decided.forEach((d, e) => {
    const caller = model.callers[d.from]!;
    let summary = summaries.get(d.conditions);
    if (summary === undefined) summaries.set(d.conditions, (summary = describeAlternatives(d.conditions)));
    let label = labelIndex.get(summary);
    if (label === undefined) {
      label = edges.labels.push({ conditions: d.conditions, summary } satisfies EdgeLabel) - 1;
      labelIndex.set(summary, label);
    }
    const risk = edgeRisk(model.table.nodes[d.from]!, caller, d.conditions);
    let riskId = -1;
    if (risk !== undefined) {
      riskId = riskIndex.get(risk) ?? edges.risks.push(risk) - 1;
      riskIndex.set(risk, riskId);
    }
    edges.from[e] = d.from;
    edges.to[e] = d.to;
    edges.action[e] = ACTIONS.indexOf(caller.action);
    edges.label[e] = label;
    edges.risk[e] = riskId;
  });
  return new AccessGraph({
    nodes: model.table.nodes,
    edges,
    memberships: model.memberships,
    warnings: model.warnings,
    organizationId: model.org.org.organizationId,
    find: (arn) => model.table.find(arn),
    findRole: (accountId, name) => model.table.findRole(accountId, name),
  });
}
