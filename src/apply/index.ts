export { applyPlan } from './apply.js';
export { fileJournal, journalPath, planId, type Journal, type JournalIO, type StepRecord } from './journal.js';
export * from './types.js';
