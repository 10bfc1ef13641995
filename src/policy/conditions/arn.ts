// ARN condition operators compare "each of the six colon-delimited components of the ARN
// separately" (ArnEquals and ArnLike behave identically; matching is in ../glob.ts). A request
// value with fewer than six components is not an ARN.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN

const ARN_COMPONENTS = 6;

/** A request value with at least six colon-delimited components. */
export function isArn(value: string): boolean {
  let from = 0;
  for (let c = 0; c < ARN_COMPONENTS - 1; c++) {
    const at = value.indexOf(':', from);
    if (at === -1) return false;
    from = at + 1;
  }
  return true;
}
