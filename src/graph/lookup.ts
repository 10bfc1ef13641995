// ARNs typed by a person → graph nodes, with a did-you-mean when the snapshot has no such node.
import { UserError } from '../errors.js';
import { didYouMean } from '../spec/schema-issues.js';
import type { AccessGraph } from './graph.js';
import type { GraphNode, NodeKind } from './types.js';

/**
 * The node for a user/role/group ARN (a role also without its path, or by a session ARN), an
 * account root ARN, bare account id or account name, a service or provider name, or `*`. Throws a UserError
 * (exit 2) naming the closest known ARN when there is none, or when its kind is not wanted.
 */
export function resolveNode(graph: AccessGraph, text: string, wanted?: readonly NodeKind[]): GraphNode {
  const node = findNode(graph, text.trim());
  if (!node) throw new UserError(`${text} is not in the snapshot${didYouMean(text, candidatesFor(graph, text, wanted))}`, 2);
  if (wanted && !wanted.includes(node.kind)) throw new UserError(`${text} is ${article(node.kind)} ${node.kind}, expected ${wanted.map((k) => `${article(k)} ${k}`).join(' or ')}`, 2);
  return node;
}

function findNode(graph: AccessGraph, text: string): GraphNode | undefined {
  if (/^\d{12}$/.test(text)) return graph.account(text);
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(text);
  if (session) return graph.find(`arn:${session[1]}:iam::${session[2]}:role/${session[3]}`);
  return graph.find(text) ?? graph.find(text.toLowerCase()) ?? accountByName(graph, text);
}

/** An account by its name in org.json (any case); a name several accounts share is an error. */
function accountByName(graph: AccessGraph, text: string): GraphNode | undefined {
  if (text.includes(':')) return undefined;
  const lower = text.toLowerCase();
  const named = graph.nodes.filter((n) => n.kind === 'account' && n.name !== n.accountId && n.name.toLowerCase() === lower);
  if (named.length > 1) throw new UserError(`${named.length} accounts are named ${text} (${named.map((n) => n.accountId).join(', ')}): give the account id`, 2);
  return named[0];
}

/** Nodes of the same account when the text names one (a full scan of a large graph is slow), else all; account names for text that is not an ARN. */
function candidatesFor(graph: AccessGraph, text: string, wanted: readonly NodeKind[] | undefined): string[] {
  const account = /:(\d{12}):/.exec(text)?.[1];
  const fits = (n: GraphNode): boolean => !wanted || wanted.includes(n.kind);
  const same = account === undefined ? [] : graph.nodes.filter((n) => n.accountId === account && fits(n));
  const nodes = same.length ? same : graph.nodes.filter(fits);
  const names = text.includes(':') ? [] : nodes.filter((n) => n.kind === 'account' && n.name !== n.accountId).map((n) => n.name);
  return [...nodes.map((n) => n.arn), ...names];
}

function article(kind: NodeKind): string {
  return kind === 'account' || kind === 'anyone' ? 'an' : 'a';
}
