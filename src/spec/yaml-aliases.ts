// YAML anchors and aliases, checked before the document becomes data: an alias with no anchor
// before it, an alias inside the node it names (the data would contain itself), and aliases that
// expand the document without bound (an "alias bomb": a few lines that nest aliases of aliases
// expand to billions of nodes). Ordinary reuse, hundreds of aliases of small nodes, is far below
// the bound.
import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document } from 'yaml';

/** Nodes that aliases may add to a document by repeating what they name. */
export const MAX_ALIAS_EXPANSION = 100_000;

export interface AliasProblem {
  /** Offset of the alias in the text. */
  offset: number;
  message: string;
}

/** The first problem with the document's aliases, or undefined. */
export function checkAliases(doc: Document.Parsed): AliasProblem | undefined {
  const anchors = new Map<string, unknown>();
  /** Fully expanded node count of every node walked so far. */
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  let added = 0;

  const walk = (node: unknown): number => {
    if (isAlias(node)) return aliasSize(node);
    if (!node || typeof node !== 'object') return 0;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
    let size = 1;
    if (isMap(node) || isSeq(node)) {
      open.add(node);
      for (const item of node.items) {
        size += isPair(item) ? walk(item.key) + walk(item.value) : walk(item);
        if (problem) break;
      }
      open.delete(node);
    } else if (!isScalar(node)) return 0;
    sizes.set(node, size);
    return size;
  };

  let problem: AliasProblem | undefined;
  const aliasSize = (alias: Alias): number => {
    if (problem) return 0;
    const offset = alias.range?.[0] ?? 0;
    const target = anchors.get(alias.source);
    if (target === undefined) {
      problem = { offset, message: `unknown alias *${alias.source}: no anchor &${alias.source} comes before it` };
      return 0;
    }
    if (open.has(target)) {
      problem = { offset, message: `alias *${alias.source} is inside the node &${alias.source} it repeats, so that node would contain itself` };
      return 0;
    }
    const size = sizes.get(target) ?? 0;
    added += size;
    if (added > MAX_ALIAS_EXPANSION) {
      problem = { offset, message: `aliases expand this document by more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?); repeat less, or write the data out` };
      return 0;
    }
    return size;
  };

  walk(doc.contents);
  return problem;
}
