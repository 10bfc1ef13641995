// Names crossrole gives the policies it makes for a hub. Inline policies carry no tags, so these
// names are how crossrole recognizes its own on a principal it may share with other tools.
export const HUB_MANAGED_POLICY_PATH = '/crossrole/';

interface NamedHub {
  name: string;
  recipe: { policyName: string };
}

/** The spec's policy name, alone or with a suffix (-2, -1, a target): the hub's current policy set. */
export function inHubPolicySet(hub: NamedHub, policyName: string): boolean {
  const base = hub.recipe.policyName;
  return policyName === base || policyName.startsWith(`${base}-`);
}

/** Any policy crossrole made for this hub: the current set, or one named by default before the spec named its policy. */
export function isHubPolicy(hub: NamedHub, policyName: string): boolean {
  const fallback = `crossrole-${hub.name}`;
  return inHubPolicySet(hub, policyName) || policyName === fallback || policyName.startsWith(`${fallback}-`);
}
