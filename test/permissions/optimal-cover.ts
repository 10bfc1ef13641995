// The fewest characters that cover a small list of one service's actions with patterns of one
// `*` at any letter (or exact names), matching only allowed actions: every such pattern a listed
// name can give, then an exact set cover by dynamic programming over subsets of the list.
import { isReadOrList, type CatalogAction } from '../../src/permissions/catalog.js';

export function optimalCoverCost(service: string, actions: readonly CatalogAction[], listed: readonly string[], allowExtra: 'none' | 'read'): number {
  const names = listed.map((a) => a.slice(a.indexOf(':') + 1));
  const lowerListed = new Set(names.map((n) => n.toLowerCase()));
  const disallowed = actions.filter((a) => !lowerListed.has(a.name.toLowerCase()) && !(allowExtra === 'read' && isReadOrList(a))).map((a) => a.name.toLowerCase());
  const matches = (name: string, prefix: string, suffix: string) => name.length >= prefix.length + suffix.length && name.startsWith(prefix) && name.endsWith(suffix);
  const best = new Map<number, number>();
  const offer = (mask: number, cost: number) => {
    if (mask !== 0 && cost < (best.get(mask) ?? Infinity)) best.set(mask, cost);
  };
  names.forEach((name, i) => offer(1 << i, service.length + 1 + name.length + 3));
  for (const name of names.map((n) => n.toLowerCase())) {
    for (let end = 0; end <= name.length; end++) {
      for (let start = end; start <= name.length; start++) {
        const prefix = name.slice(0, end);
        const suffix = name.slice(start);
        if (disallowed.some((d) => matches(d, prefix, suffix))) continue;
        let mask = 0;
        names.forEach((n, i) => {
          if (matches(n.toLowerCase(), prefix, suffix)) mask |= 1 << i;
        });
        offer(mask, service.length + 1 + prefix.length + 1 + suffix.length + 3);
      }
    }
  }
  const full = (1 << names.length) - 1;
  const cost = new Array<number>(full + 1).fill(Infinity);
  cost[0] = 0;
  const sets = [...best];
  for (let covered = 0; covered < full; covered++) {
    if (cost[covered] === Infinity) continue;
    const lowest = ~covered & (covered + 1);
    for (const [mask, c] of sets) if (mask & lowest) cost[covered | mask] = Math.min(cost[covered | mask]!, cost[covered]! + c);
  }
  return cost[full]!;
}
