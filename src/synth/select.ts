// Lookups several renderers share: which hub a spoke role is reached from, and its roles per account.
import { toolHubName } from '../desired/tools.js';
import type { DesiredHub, DesiredRole, DesiredState, RoleTemplate } from '../desired/types.js';

/** Spec roles that at least one hub may assume, in spec order. */
export function hubTrustedTemplates(state: DesiredState): RoleTemplate[] {
  return state.templates.filter((template) => template.hubs.length > 0);
}

/** The hub a tool config should use for this role (toolHubName: its first trusted hub). */
export function primaryHub(state: DesiredState, template: RoleTemplate): DesiredHub | undefined {
  const name = toolHubName(template);
  return state.hubs.find((hub) => hub.name === name);
}

export function templateOf(state: DesiredState, role: DesiredRole): RoleTemplate | undefined {
  return state.templates.find((template) => template.name === role.name);
}

export function rolesOf(state: DesiredState, template: RoleTemplate): DesiredRole[] {
  return state.roles.filter((role) => role.name === template.name);
}

/** A hub-trusted role with the hub its tool configs use. */
export interface ToolTarget {
  template: RoleTemplate;
  hub: DesiredHub;
  /**
   * Whether this is the only such role: tool configs then get plain paths, otherwise one set per
   * role (a Spinnaker or Resoto installation works with exactly one role name).
   */
  single: boolean;
}

export function toolTargets(state: DesiredState): ToolTarget[] {
  const targets = hubTrustedTemplates(state).flatMap((template) => {
    const hub = primaryHub(state, template);
    return hub ? [{ template, hub }] : [];
  });
  return targets.map((target) => ({ ...target, single: targets.length === 1 }));
}
