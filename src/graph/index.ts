/**
 * The access graph: every way into an organization's roles, transitively, with each hop's conditions.
 *
 * Build once, query many times:
 *
 * ```ts
 * import { buildGraph, reachFrom, reachTo, shortestPaths, whoCanAssume } from '../graph/index.js';
 * const graph = buildGraph(snapshot);            // Snapshot from src/snapshot (org + GAAD per account)
 * ```
 *
 * Nodes (`graph.nodes[i]`, a `GraphNode`): `user`, `role`, `group` (membership only, see
 * `graph.memberships`), `account` ("any principal this account allows": an edge from it means the
 * trust names the account), `service`, `federated` (SAML/OIDC provider) and `anyone` (`*`).
 * `node.inOrg` says whether its account belongs to the organization; `node.inSnapshot` whether it
 * was read from a collected account (a principal named only by a trust in an uncollected account
 * has unknown identity policies, taken as allowing). Find nodes with `graph.find(arn)` (roles also
 * without their path), `graph.account(id)`, or `resolveNode(graph, text)` (UserError with a
 * did-you-mean, exit 2).
 *
 * Edges (`graph.edge(i)`, a `GraphEdge`, i < `graph.edgeCount`): `from` can assume role `to` with
 * `action` (sts:AssumeRole, …WithSAML, …WithWebIdentity), decided by the policy engine on both
 * sides (identity + boundary + SCPs of the caller's account; trust + RCPs of the role's account).
 * `conditions` are the alternatives (OR) of requirements (AND) the caller must meet (`[[]]` =
 * none), `summary` their text, `risk` the reason an edge is risky (undefined when it is not).
 * `graph.outgoing(node)` / `graph.incoming(node)` give edge indexes; `edgeFrom`, `edgeTo`,
 * `isRisky`, `conditionsOf` read one field without building an object.
 *
 * Reachability (roles chain): `reachFrom(graph, sources, { maxHops })` and
 * `reachTo(graph, targets, { maxHops })` search from many nodes at once and return `Reach`
 * (`hops[node]`, -1 = not reached; `reached` nearest first); `shortestPaths(graph, reach, node,
 * limit)` lists edge-index paths, caller first. For example, "a principal outside the
 * organization can reach role R": `reachTo(graph, [R])`, then the reached nodes with `!inOrg`.
 *
 * Queries with printable results (the CLI's --json shapes): `whoCanAssume`, `reachableRoles`,
 * `pathsBetween`; pictures: `renderGraph(graph, format, { account })`.
 *
 * Searching from a few nodes of a large organization (the audit's ways in from outside):
 * `new LazyGraph(snapshot)` decides edges only when asked (`outgoing(node)`, `incoming(role,
 * scope)` from the callers a `CallerScope` admits, `role(arn)`), by the same rule as buildGraph;
 * `graphEdges(graph)` asks a built graph the same questions (`AssumeEdges`). `searchForward(edges,
 * sources)` is breadth first, edges in a fixed order (callers: anyone, providers, accounts,
 * principals, services, each by ARN; roles: snapshot order), so both give the same paths;
 * `pathTo(reach, node)` reads one back (`DecidedEdge[]`, caller first).
 */
export { buildGraph, type BuildOptions } from './build.js';
export { AccessGraph } from './graph.js';
export { LazyGraph } from './lazy.js';
export { resolveNode } from './lookup.js';
export { reachFrom, reachTo, shortestPaths, type Reach, type ReachOptions } from './reach.js';
export { whoCanAssume, reachableRoles, pathsBetween, summarize, pathView, type Hop, type NodeSummary, type PathResult, type PathView, type QueryOptions, type ReachedNode, type ReachResult, type WhoCanAssumeResult } from './queries.js';
export { graphEdges, pathTo, searchForward, type AssumeEdges, type CallerScope, type DecidedEdge, type ForwardReach } from './search.js';
export { renderGraph, GRAPH_FORMATS, type GraphFormat, type GraphJson, type RenderOptions } from './render.js';
export type { AssumeAction, EdgeLabel, GraphEdge, GraphNode, Membership, NodeKind } from './types.js';
