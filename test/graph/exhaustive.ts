// The reference the indexed builder must equal: every caller node against every role through the
// policy engine, no indexes. Quadratic, so only for small organizations.
import { assembleGraph } from '../../src/graph/build.js';
import { callerContext, decideEdge, roleContext } from '../../src/graph/decide.js';
import type { AccessGraph } from '../../src/graph/graph.js';
import { readModel } from '../../src/graph/model.js';
import type { Snapshot } from '../../src/snapshot/types.js';

export function exhaustiveGraph(snapshot: Snapshot): AccessGraph {
  const model = readModel(snapshot);
  const decided = [];
  for (const caller of model.callers) {
    if (!caller) continue;
    const callerKeys = callerContext(model.org, caller);
    for (const role of model.roles) {
      const conditions = decideEdge(caller, callerKeys, role, roleContext(model.org, role));
      if (conditions) decided.push({ from: caller.node, to: role.node, conditions });
    }
  }
  return assembleGraph(model, decided);
}

/** One line per edge: `from -> to [action] summary {risk}`, sorted. */
export function edgeLines(graph: AccessGraph): string[] {
  return [...graph.edges()]
    .map((e) => `${graph.nodes[e.from]!.arn} -> ${graph.nodes[e.to]!.arn} [${e.action}] ${e.summary}${e.risk ? ` {${e.risk}}` : ''}`)
    .sort();
}
