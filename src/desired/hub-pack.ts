// Packs a hub's statements into policy documents of given capacities (the inline budget, then each
// customer managed policy). A statement whose list of ARNs or org paths does not fit is split into
// statements holding parts of the list: a principal's identity policies are evaluated together, so
// the parts allow (or deny) exactly what the whole did, wherever each part lands.
import { policySize, type PolicyDocument, type Statement } from '../policy/document.js';

export interface HubStatement {
  /** The statement holding `items` (all of them, or a part when split). */
  make(items: string[]): Statement;
  /** What the statement may be split by (ARNs, org paths); empty when it cannot be split. */
  items: string[];
}

const VERSION = '2012-10-17';
const EMPTY_SIZE = policySize({ Version: VERSION, Statement: [] });

/** The statements as one document, however large. */
export function wholeDocument(statements: HubStatement[]): PolicyDocument {
  return { Version: VERSION, Statement: statements.map((s) => s.make(s.items)) };
}

/**
 * Fills documents in order, each up to its capacity, splitting statements where they cross a
 * document's end; parts after the first get `Part<n>` after their Sid. A document may stay empty
 * when what comes first does not fit it (a small inline budget). The documents by capacity, as far
 * as used (an empty one is undefined); undefined when the capacities do not hold the statements.
 */
export function packStatements(statements: HubStatement[], capacities: number[]): (PolicyDocument | undefined)[] | undefined {
  const docs: Statement[][] = [[]];
  let size = EMPTY_SIZE;
  const room = () => capacities[docs.length - 1]! - size - (docs.at(-1)!.length ? 1 : 0); // comma
  const place = (statement: Statement) => {
    size += policySize(statement) + (docs.at(-1)!.length ? 1 : 0);
    docs.at(-1)!.push(statement);
  };
  const nextDocument = () => {
    if (docs.length >= capacities.length) return false;
    docs.push([]);
    size = EMPTY_SIZE;
    return true;
  };
  for (const statement of statements) {
    let rest = statement.items;
    let part = 1;
    const make = (items: string[]) => numbered(statement.make(items), part);
    if (!rest.length) {
      const whole = make([]);
      while (policySize(whole) > room()) if (!nextDocument()) return undefined;
      place(whole);
      continue;
    }
    while (rest.length) {
      const count = largestFitting(rest.length, (n) => policySize(make(rest.slice(0, n))) <= room());
      if (!count) {
        if (!nextDocument()) return undefined;
        continue;
      }
      place(make(rest.slice(0, count)));
      rest = rest.slice(count);
      part++;
    }
  }
  return docs.map((Statement) => (Statement.length ? { Version: VERSION, Statement } : undefined));
}

function numbered(statement: Statement, part: number): Statement {
  return part === 1 || statement.Sid === undefined ? statement : { ...statement, Sid: `${statement.Sid}Part${part}` };
}

/** The largest n in 0..max for which `fits(n)` holds, `fits` being monotone. */
function largestFitting(max: number, fits: (n: number) => boolean): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}
