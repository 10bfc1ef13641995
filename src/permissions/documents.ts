// Action patterns packed into identity policy documents of at most `limit` characters each
// (whitespace not counted, as IAM counts): in order while they fit, or, when that needs more
// documents than the sizes call for, largest first into the first document with room.

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: [{ Effect: 'Allow'; Action: string[]; Resource: '*' }];
}

export function documentOf(actions: string[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] };
}

/** Characters of a document with no actions; each action adds its quoted text and a comma (the first none). */
const EMPTY = JSON.stringify(documentOf([])).length;

export function packDocuments(actions: readonly string[], limit: number): PolicyDocument[] {
  const items = [...actions].sort(byLowerCase);
  const sizes = new Map(items.map((a) => [a, JSON.stringify(a).length + 1]));
  const total = items.reduce((sum, a) => sum + sizes.get(a)!, 0);
  const room = limit - EMPTY + 1;
  const inOrder = fill(items, sizes, room, 'next');
  if (inOrder.length <= Math.ceil(total / room)) return inOrder.map(documentOf);
  const largestFirst = fill([...items].sort((a, b) => sizes.get(b)! - sizes.get(a)! || byLowerCase(a, b)), sizes, room, 'first');
  return (largestFirst.length < inOrder.length ? largestFirst.map((d) => d.sort(byLowerCase)) : inOrder).map(documentOf);
}

function fill(items: readonly string[], sizes: ReadonlyMap<string, number>, room: number, fit: 'next' | 'first'): string[][] {
  const documents: { actions: string[]; used: number }[] = [];
  for (const item of items) {
    const size = sizes.get(item)!;
    if (size > room) throw new Error(`action ${item} alone exceeds the document size`);
    const open = fit === 'next' ? documents.slice(-1) : documents;
    let target = open.find((d) => d.used + size <= room);
    if (!target) documents.push((target = { actions: [], used: 0 }));
    target.actions.push(item);
    target.used += size;
  }
  return documents.map((d) => d.actions);
}

function byLowerCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
