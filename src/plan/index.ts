export { makePlan, desiredHash, type PlanOptions } from './make.js';
export { renderPlan, type RenderOptions } from './render.js';
export { lockedTrust, isLockedTrust, LOCK_SID } from './locked.js';
export { normalizePolicy, samePolicy, displayPolicy } from './normalize.js';
export { createSteps, updateSteps, deleteSteps, PENDING_HASH, type RoleDiff } from './steps.js';
export { describeStep } from './describe.js';
export * from './types.js';
