#!/usr/bin/env bash
# The offline half of crossrole's main job, on the bundled 40-account example organization:
# validate a spec, show where each role goes, synthesize every output, lint the CloudFormation and
# a generated trust policy, and evaluate the hub → spoke assume-role through the policy engine.
# (`npm run demo` runs the live half: discover → plan → apply → verify against a local moto server,
# in out/demo-live.) Output goes to out/demo-offline (or $DEMO_OUT), one directory per example that
# synth owns: nothing is deleted but the files synth itself wrote there before.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || npm run build >/dev/null
crossrole() { node dist/cli/main.js "$@"; }
out=${DEMO_OUT:-out/demo-offline}

step() { printf '\n\033[1m$ crossrole %s\033[0m\n' "$*"; }

step validate --spec examples/hub-spoke.yaml --org examples/org.json
crossrole validate --spec examples/hub-spoke.yaml --org examples/org.json

step targets --spec examples/hub-spoke.yaml --org examples/org.json
crossrole targets --spec examples/hub-spoke.yaml --org examples/org.json | head -n 12
echo "  …"

templates=()
for spec in examples/*.yaml; do
  name=$(basename "$spec" .yaml)
  step synth --spec "$spec" --org examples/org.json --out "$out/$name"
  crossrole synth --spec "$spec" --org examples/org.json --out "$out/$name"
  templates+=("$out/$name"/cloudformation/*.json)
done

printf '\n\033[1mcfn-lint on every generated template\033[0m\n'
lint=$(command -v cfn-lint || echo .venv/bin/cfn-lint)
"$lint" "${templates[@]}" && echo "cfn-lint: clean"

step lint "$out/hub-spoke/policies/accounts/333333333333/FleetAccess/trust.json" --type trust --org examples/org.json
crossrole lint "$out/hub-spoke/policies/accounts/333333333333/FleetAccess/trust.json" --type trust --org examples/org.json

step simulate examples/cases
crossrole simulate examples/cases

printf '\n\033[1mA broken spec gets a located error:\033[0m\n'
step validate --spec test/spec/invalid/unknown-hub.yaml --org test/fixtures/org.json
crossrole validate --spec test/spec/invalid/unknown-hub.yaml --org test/fixtures/org.json || echo "(exit $?)"
