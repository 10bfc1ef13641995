// The access graph decided as a search meets it: only the trust mentions are read up front
// (trust-mentions.ts); a node's edges are found when asked for, by the same candidate rules as the
// whole-graph build (build.ts) and decided by the same rule and memo (decide.ts, memo.ts). A search
// from a few nodes (the audit's ways in from outside) touches a small part of a large organization:
// only the trusts, identity policies and org policies it meets are compiled.
import type { Snapshot } from '../snapshot/types.js';
import { grantsMatch } from './grant-index.js';
import { CallerDecisions, type SharedDecisions } from './memo.js';
import { ModelParts, type RoleFacts } from './model.js';
import { compareCallers, inScope, type AssumeEdges, type CallerScope, type DecidedEdge } from './search.js';
import { roleKey, TrustMentions } from './trust-mentions.js';
import type { GraphNode } from './types.js';

export class LazyGraph implements AssumeEdges {
  readonly #parts: ModelParts;
  readonly #mentions: TrustMentions;
  /** Role facts by position; null when the trust cannot be read. */
  readonly #roles: (RoleFacts | null | undefined)[] = [];
  /** Role position by node. */
  readonly #positions = new Map<number, number>();
  readonly #decisions = new Map<number, CallerDecisions>();
  readonly #shared: SharedDecisions = new Map();
  readonly #outgoing = new Map<number, DecidedEdge[]>();

  constructor(snapshot: Snapshot) {
    this.#parts = new ModelParts(snapshot);
    this.#mentions = new TrustMentions(snapshot);
  }

  get nodes(): readonly GraphNode[] {
    return this.#parts.table.nodes;
  }

  role(arn: string): GraphNode | undefined {
    const position = this.#mentions.find(arn);
    const role = position === undefined ? undefined : this.#role(position);
    return role ? this.nodes[role.node] : undefined;
  }

  incoming(role: number, scope: CallerScope): DecidedEdge[] {
    const facts = this.#role(this.#positions.get(role)!)!;
    const { names } = facts;
    const callers = new Set<number>();
    const add = (node: number) => inScope(this.nodes[node]!, scope) && callers.add(node);
    names.principals.forEach(add);
    names.federated.forEach(add);
    names.services.forEach(add);
    for (const account of names.accounts) {
      add(this.#parts.account(account).node);
      if (scope.account(account)) this.#principalsOf(account).forEach(add);
    }
    if (names.wildcard) {
      add(this.#parts.anyone());
      const accounts = new Set([...this.#parts.collectedAccounts(), ...this.#mentions.principalsByAccount.keys()]);
      for (const account of accounts) if (scope.account(account)) this.#principalsOf(account).forEach(add);
    }
    const edges: DecidedEdge[] = [];
    for (const caller of [...callers].sort((a, b) => compareCallers(this.nodes[a]!, this.nodes[b]!))) {
      const conditions = this.#decide(caller, facts);
      if (conditions) edges.push({ from: caller, to: role, conditions });
    }
    return edges;
  }

  outgoing(node: number): DecidedEdge[] {
    let edges = this.#outgoing.get(node);
    if (!edges) {
      edges = [];
      for (const position of this.#candidates(node)) {
        const role = this.#role(position);
        const conditions = role && this.#decide(node, role);
        if (conditions) edges.push({ from: node, to: role.node, conditions });
      }
      this.#outgoing.set(node, edges);
    }
    return edges;
  }

  /** Roles the caller may assume, as build.ts's join finds them (a superset: mentions, not names), in snapshot order. */
  #candidates(node: number): number[] {
    const caller = this.#parts.callers[node];
    const { nodes } = this;
    const m = this.#mentions;
    const out = new Set<number>(m.unread);
    const addAll = (positions: readonly number[] | undefined) => positions?.forEach((p) => out.add(p));
    const granted = (positions: readonly number[] | undefined, patterns: readonly string[]) => positions?.forEach((p) => grantsMatch(patterns, m.roles[p]!.detail.Arn) && out.add(p));
    const n = nodes[node]!;
    switch (caller?.kind) {
      case 'principal': {
        const accountId = caller.account!.id;
        addAll(m.byPrincipal.get(this.#keyOf(node)));
        if (caller.grants.length) {
          granted(m.byAccount.get(accountId), caller.grants);
          granted(m.wildcard, caller.grants);
        }
        // In its own account a trust that lets everyone in needs no identity policy.
        if (n.inSnapshot) m.wildcard.forEach((p) => m.roles[p]!.accountId === accountId && out.add(p));
        break;
      }
      case 'account':
        addAll(m.byAccount.get(caller.account!.id));
        break;
      case 'anyone':
        addAll(m.wildcard);
        break;
      case 'service':
        addAll(m.byService.get(n.arn));
        break;
      case 'federated':
        addAll(m.byFederated.get(n.arn));
        break;
      case undefined:
        break;
    }
    return [...out].sort((a, b) => a - b);
  }

  /** The callers of an account build.ts's join would consider: its collected users and roles, or those trusts name in it. */
  #principalsOf(accountId: string): number[] {
    const parts = this.#parts;
    if (parts.account(accountId).collected) return parts.collectedPrincipals(accountId);
    const out: number[] = [];
    // A principal has a node when some trust names it: the first trust that does is enough.
    for (const key of this.#mentions.principalsByAccount.get(accountId) ?? []) {
      for (const position of this.#mentions.byPrincipal.get(key)!) {
        const named = this.#role(position)?.names.principals.find((n) => this.#keyOf(n) === key);
        if (named === undefined) continue;
        out.push(named);
        break;
      }
    }
    return out;
  }

  /** How trusts name the node when it is a user or role (see TrustMentions.byPrincipal). */
  #keyOf(node: number): string {
    const n = this.nodes[node]!;
    return n.kind === 'role' ? roleKey(n.accountId!, n.name) : n.arn;
  }

  #role(position: number): RoleFacts | undefined {
    let role = this.#roles[position];
    if (role === undefined) {
      const { accountId, detail } = this.#mentions.roles[position]!;
      role = this.#parts.role(accountId, detail) ?? null;
      this.#roles[position] = role;
      if (role) this.#positions.set(role.node, position);
    }
    return role ?? undefined;
  }

  #decide(node: number, role: RoleFacts) {
    let decisions = this.#decisions.get(node);
    if (!decisions) this.#decisions.set(node, (decisions = new CallerDecisions(this.#parts.org, this.#parts.callers[node]!, this.#shared)));
    return decisions.decide(role);
  }
}
