// What apply needs from the outside world. `src/aws/` implements these against IAM and STS; tests
// implement them in memory. Apply itself never imports an SDK.
import type { HubSubject, Step } from '../plan/types.js';
import type { Journal } from './journal.js';

/** One account's IAM. Failures are thrown as errors whose `name` is the AWS error code (NoSuchEntity, EntityAlreadyExists, …). */
export interface RoleOperations {
  /** Makes the one IAM call the step names, exactly as given (no retries beyond the SDK's, no extra calls). */
  run(step: Step): Promise<void>;
  /**
   * The role's tags (ListRoleTags), or undefined when the role does not exist. Apply asks only when
   * CreateRole meets EntityAlreadyExists, to tell its own interrupted creation from someone else's role.
   */
  roleTags(roleName: string): Promise<Record<string, string> | undefined>;
  /**
   * An instance profile's tags and the names of the roles it holds (GetInstanceProfile), or
   * undefined when it does not exist. Asked only when creating or filling one meets "already so".
   */
  instanceProfile(profileName: string): Promise<{ tags: Record<string, string>; roles: string[] } | undefined>;
}

export interface AccountSession {
  accountId: string;
  iam: RoleOperations;
}

export interface ApplyTarget {
  /** Assumes into the account (a failure fails that account only). */
  open(accountId: string): Promise<AccountSession>;
}

/** A unit of work: every role change of one account, or one hub change (its principal, a group's members, one policy). */
export type UnitRef = { kind: 'account'; accountId: string } | { kind: 'hub'; accountId: string; hub: string; subject: HubSubject; principalName: string; policyName?: string };

export interface StepFailure {
  index: number;
  /** The role the step belongs to (account units). */
  roleName?: string;
  description: string;
  step: Step;
}

export interface UnitResult {
  unit: UnitRef;
  status: 'ok' | 'failed' | 'skipped';
  /** For failures: the AWS error name (or the error's own name) and message. */
  error?: { name: string; message: string };
  /** For failures during a step; absent when the account could not be opened. */
  failedStep?: StepFailure;
  /** For skipped units: why. */
  reason?: string;
  /** Steps run now, and steps skipped because the journal had them. */
  stepsRun: number;
  stepsFromJournal: number;
}

export interface ApplyCounts {
  units: number;
  running: number;
  ok: number;
  failed: number;
  skipped: number;
  steps: number;
  stepsDone: number;
}

export type ProgressEvent =
  | { type: 'started'; counts: ApplyCounts }
  | { type: 'unit-started'; unit: UnitRef; counts: ApplyCounts }
  | {
      type: 'step';
      unit: UnitRef;
      roleName?: string;
      index: number;
      description: string;
      /** `done`: the call succeeded; `already-done`: IAM said it was already so; `journal`: skipped, recorded by an earlier run. */
      outcome: 'done' | 'already-done' | 'journal';
      counts: ApplyCounts;
    }
  | { type: 'unit-finished'; result: UnitResult; counts: ApplyCounts }
  | { type: 'finished'; counts: ApplyCounts };

export interface ApplyOptions {
  /** Units in flight at once (at least 1). */
  concurrency: number;
  /** Stop starting units once this many have failed (at least 1; Infinity never stops). */
  maxFailures: number;
  journal: Journal;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Stops starting units and steps: the call in flight finishes and is journaled; a unit stopped
   * midway ends `failed` with an AbortError, the ones not started `skipped`. Resume with the journal.
   */
  signal?: AbortSignal;
  /**
   * Spokes deployed by another backend (`--via stackset`'s StackSets): run after the API's spokes
   * and before the hub policy puts, so a hub never gains reach to a spoke that does not exist yet.
   * The role ARNs it returns count as applied for the puts that depend on them.
   */
  beforeHubPolicies?: () => Promise<string[]>;
}

export interface ApplyResult {
  /** Every unit succeeded. */
  ok: boolean;
  aborted: boolean;
  units: UnitResult[];
  counts: ApplyCounts;
}
