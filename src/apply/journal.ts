// The apply journal: one JSON line per completed step, so an interrupted apply (Ctrl-C, kill -9)
// resumes where it stopped. It only ever skips work: entries name the exact plan they belong to
// (its hash), so a new plan made after an interruption — the source of truth — ignores them.
import { shortHash } from '../desired/canonical.js';
import type { Plan } from '../plan/types.js';

export interface StepRecord {
  /** planId() of the plan the step belongs to. */
  plan: string;
  account: string;
  /** Role name for role steps; `hub:<hub>/<subject>/<principal>[/<policy>]` for hub steps. */
  target: string;
  step: number;
  op: string;
}

export interface Journal {
  has(record: StepRecord): boolean;
  /** Called after the step's IAM call returned and before the next step starts. */
  record(record: StepRecord): void | Promise<void>;
}

/** File access kept at the edge. */
export interface JournalIO {
  /** Writes the line and a newline, synchronously and in one write (appendFileSync does), before returning. */
  append(line: string): void;
  /** Every line written so far (none when the file does not exist). */
  read(): string[];
}

/** Where the CLI keeps the journal of a plan for a desired state. */
export function journalPath(desiredHash: string): string {
  return `.crossrole/journal/${desiredHash}.jsonl`;
}

export function planId(plan: Plan): string {
  return shortHash(plan);
}

export function fileJournal(io: JournalIO): Journal {
  const done = new Set<string>();
  for (const line of io.read()) {
    const record = parse(line);
    if (record) done.add(key(record));
  }
  return {
    has: (record) => done.has(key(record)),
    record: (record) => {
      io.append(JSON.stringify(record));
      done.add(key(record));
    },
  };
}

/** A line torn by a kill mid-write, or not a record, is ignored: that step simply runs again. */
function parse(line: string): StepRecord | undefined {
  try {
    const r = JSON.parse(line) as Partial<StepRecord>;
    return typeof r.plan === 'string' && typeof r.account === 'string' && typeof r.target === 'string' && typeof r.step === 'number' && typeof r.op === 'string' ? (r as StepRecord) : undefined;
  } catch {
    return undefined;
  }
}

function key(r: StepRecord): string {
  return JSON.stringify([r.plan, r.account, r.target, r.step, r.op]);
}
