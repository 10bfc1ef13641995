// Lookups several renderers share: which hub a spoke role is reached from, and its roles per account.
import type { DesiredHub, DesiredRole, DesiredState, RoleTemplate } from '../desired/types.js';

/** Spec roles that at least one hub may assume, in spec order. */
export function hubTrustedTemplates(state: DesiredState): RoleTemplate[] {
  return state.templates.filter((template) => template.hubs.length > 0);
}

/** The hub a tool config should use for this role: its first trusted hub (spec order). */
export function primaryHub(state: DesiredState, template: RoleTemplate): DesiredHub | undefined {
  for (const name of template.hubs) {
    const hub = state.hubs.find((candidate) => candidate.name === name);
    if (hub) return hub;
  }
  return undefined;
}

export function templateOf(state: DesiredState, role: DesiredRole): RoleTemplate | undefined {
  return state.templates.find((template) => template.name === role.name);
}

export function rolesOf(state: DesiredState, template: RoleTemplate): DesiredRole[] {
  return state.roles.filter((role) => role.name === template.name);
}

/**
 * Hub-trusted roles with the hub their tool config uses. `single` tells whether this is the only
 * such role: tool configs then get plain paths, otherwise one set per role (a Spinnaker or Resoto
 * installation works with exactly one role name).
 */
export function toolTargets(state: DesiredState): { template: RoleTemplate; hub: DesiredHub; single: boolean }[] {
  const targets = hubTrustedTemplates(state).flatMap((template) => {
    const hub = primaryHub(state, template);
    return hub ? [{ template, hub }] : [];
  });
  return targets.map((target) => ({ ...target, single: targets.length === 1 }));
}
