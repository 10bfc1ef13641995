import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { buildGraph } from '../../graph/build.js';
import type { AccessGraph } from '../../graph/graph.js';
import { resolveNode } from '../../graph/lookup.js';
import type { PathView, ReachedNode } from '../../graph/queries.js';
import { GRAPH_FORMATS, renderGraph, type GraphFormat } from '../../graph/render.js';
import type { Snapshot } from '../../snapshot/types.js';
import { loadSnapshot } from '../inputs.js';
import { wholeNumber } from '../numbers.js';

/** Warnings printed in full; past that a count. */
const SHOWN_WARNINGS = 5;

/** Reads the snapshot and builds its access graph, with progress and the graph's warnings on stderr. */
export function loadGraph(dir: string): AccessGraph {
  return graphWithProgress(loadSnapshot(dir));
}

/** The snapshot's access graph, with progress and the graph's warnings on stderr. */
export function graphWithProgress(snapshot: Snapshot): AccessGraph {
  const tty = !!process.stderr.isTTY;
  const graph = buildGraph(snapshot, { progress: (stage) => tty && process.stderr.write(`\rgraph: ${stage}\x1b[K`) });
  if (tty) process.stderr.write(`\rgraph: ${graph.nodes.length} nodes, ${graph.edgeCount} edges\x1b[K\n`);
  for (const warning of graph.warnings.slice(0, SHOWN_WARNINGS)) process.stderr.write(`warning: ${warning}\n`);
  if (graph.warnings.length > SHOWN_WARNINGS) process.stderr.write(`warning: … and ${graph.warnings.length - SHOWN_WARNINGS} more\n`);
  return graph;
}

export interface QueryFlags {
  snapshot: string;
  maxHops?: number;
  paths: number;
  json?: boolean;
}

/** --snapshot, --max-hops, --paths and --json, as the query commands share them. */
export function withQueryFlags(command: Command, pathsHelp: string, pathsDefault: number, jsonHelp: string): Command {
  return command
    .requiredOption('--snapshot <dir>', 'snapshot directory (org.json and accounts/<id>.json)')
    .option('--max-hops <n>', 'follow at most n assume-role hops', wholeNumber(1))
    .option('--paths <n>', pathsHelp, wholeNumber(1), pathsDefault)
    .option('--json', jsonHelp);
}

/** The query options the flags ask for. */
export function queryOptions(flags: QueryFlags): { maxHops?: number; maxPaths: number } {
  return { ...(flags.maxHops !== undefined && { maxHops: flags.maxHops }), maxPaths: flags.paths };
}

/** `user alice` with its account: `security (222222222222)`, or `outside the organization`. */
export function accountText(node: ReachedNode['node']): string {
  if (node.accountId === undefined) return '-';
  const name = node.accountName && node.accountName !== node.accountId ? `${node.accountName} (${node.accountId})` : node.accountId;
  return node.inOrg ? name : `${name}, outside the organization`;
}

/** Rows of reached nodes (`title`: PRINCIPAL or ROLE): hops, kind and ARN, account, what the (first shortest) path needs; then its route and risks. */
export function printReached(rows: ReachedNode[], title: string): void {
  const table = rows.map((r) => [String(r.hops), `${r.node.kind} ${r.node.arn}`, accountText(r.node), r.paths[0]?.conditions ?? 'none']);
  const widths = [4, 9, 7].map((min, i) => Math.max(min, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `${cells.map((c, i) => (i < widths.length ? c.padEnd(widths[i]!) : c)).join('  ')}\n`;
  process.stdout.write(line(['HOPS', title, 'ACCOUNT', 'CONDITIONS']));
  rows.forEach((r, i) => {
    process.stdout.write(line(table[i]!));
    for (const path of r.paths) {
      if (path.hops.length > 1) process.stdout.write(`      via ${route(path)}\n`);
      for (const hop of path.hops) if (hop.risk) process.stdout.write(`      risky: ${hop.from} -> ${hop.to}: ${hop.risk}\n`);
    }
  });
}

/** `a -> b -> c`: the ARNs a path passes through. */
export function route(path: PathView): string {
  return [path.hops[0]!.from, ...path.hops.map((h) => h.to)].join(' -> ');
}

export function registerGraph(program: Command): void {
  program
    .command('graph')
    .description('the access graph of a snapshot as a picture (Graphviz dot, Mermaid) or JSON: accounts as clusters, risky edges red and dashed, conditions on the edges')
    .requiredOption('--snapshot <dir>', 'snapshot directory (org.json and accounts/<id>.json)')
    .option('--format <format>', `${GRAPH_FORMATS.join(' | ')}`, 'dot')
    .option('--account <id|name>', 'only edges that touch this account (and the nodes they connect)')
    .addHelpText(
      'after',
      '\nExamples:\n  crossrole graph --snapshot snap/ --format dot --account 222222222222 | dot -Tsvg > access.svg\n  crossrole graph --snapshot snap/ --format mermaid > access.mmd\n\n--format json: {"organizationId", "accounts": [...], "nodes": [{"arn", "kind", "name", "accountId", "inOrg", "inSnapshot"}], "edges": [{"from", "to", "action", "summary", "conditions", "risk"?}], "memberships": [{"user", "group"}]}',
    )
    .action((opts: { snapshot: string; format: string; account?: string }) => {
      if (!GRAPH_FORMATS.includes(opts.format as GraphFormat)) throw new UserError(`--format is one of ${GRAPH_FORMATS.join(', ')}, got "${opts.format}"`, 2);
      const graph = loadGraph(opts.snapshot);
      const account = opts.account === undefined ? undefined : resolveNode(graph, opts.account, ['account']).accountId!;
      process.stdout.write(renderGraph(graph, opts.format as GraphFormat, account === undefined ? {} : { account }));
    });
}
