// The graph's nodes, numbered in the order they are met, findable by ARN (and roles by account
// and name, as trust policies match them: a role's path is not part of the match).
import type { GraphNode, NodeKind } from './types.js';

export class NodeTable {
  readonly nodes: GraphNode[] = [];
  readonly #byArn = new Map<string, number>();
  /** Built on first use: most trusts name roles by their exact ARN. */
  #roleByName: Map<string, number> | undefined;

  /** The node with this ARN, added when new. */
  add(kind: NodeKind, arn: string, name: string, accountId: string | undefined, inOrg: boolean, inSnapshot: boolean): number {
    const known = this.#byArn.get(arn);
    if (known !== undefined) return known;
    const index = this.nodes.length;
    this.nodes.push({ index, kind, arn, name, accountId, inOrg, inSnapshot });
    this.#byArn.set(arn, index);
    if (kind === 'role' && accountId !== undefined) this.#roleByName?.set(`${accountId}/${name}`, index);
    return index;
  }

  find(arn: string): number | undefined {
    return this.#byArn.get(arn);
  }

  /** A role by account and name, whatever its path. */
  findRole(accountId: string, name: string): number | undefined {
    if (!this.#roleByName) {
      this.#roleByName = new Map();
      for (const node of this.nodes) if (node.kind === 'role' && node.accountId !== undefined) this.#roleByName.set(`${node.accountId}/${node.name}`, node.index);
    }
    return this.#roleByName.get(`${accountId}/${name}`);
  }
}

/** `arn:aws:iam::111111111111:root`. */
export function rootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}
