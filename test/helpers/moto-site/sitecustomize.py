# Python runs this at startup of the moto_server that test/helpers/moto.ts launches (it puts this
# folder on PYTHONPATH). It makes moto's AWS managed policies cheap, and (at the end) two StackSet
# operations behave as AWS's.
#
# Why: with MOTO_IAM_LOAD_MANAGED_POLICIES=true moto builds ~1,500 managed policies, parsing a 4 MB
# JSON string each time, for every IAM backend, and every account gets one backend per partition
# (aws, aws-cn, aws-us-gov, ...): about 0.6 s of GIL-bound work per account at creation and again
# at every reset. Seeding 50 accounts took ~50 s. Parsing once and loading the policies only in the
# `aws` partition (the one the tests use) brings it to ~2 s.
#
# If moto's internals change so this no longer applies, moto's own loader runs (slow, still correct).
import functools
import json

try:
    from moto import settings
    from moto.iam import models
except ImportError:
    models = None

if models is not None and hasattr(models.IAMBackend, "_init_aws_policies"):
    _moto_loader = models.IAMBackend._init_aws_policies

    @functools.cache
    def _parsed_policies():
        return json.loads(models.aws_managed_policies_data)

    def _init_aws_policies(self):
        if self.region_name != "aws" or not settings.load_iam_aws_managed_policies():
            return []
        try:
            return [
                models.AWSManagedPolicy.from_data(name, self.account_id, self.region_name, data)
                for name, data in _parsed_policies().items()
            ]
        except Exception:
            return _moto_loader(self)

    models.IAMBackend._init_aws_policies = _init_aws_policies

# Why: moto finds a request's account by looking its access key up in every account's IAM in
# every partition, on every request: O(accounts). At 1,000 accounts that is ~3 ms per call, which
# made moto, not the client, the bottleneck of bench:live. Remember where each key was found and
# check only there first; a miss (the account was reset) falls back to the scan. Unknown keys (our
# static management credentials) are remembered as such: moto mints random key ids, so a key
# unknown once is never created later.
if models is not None and hasattr(models, "get_account_id_from") and hasattr(models, "DEFAULT_ACCOUNT_ID"):
    _account_of_key = {}

    def get_account_id_from(access_key):
        known = _account_of_key.get(access_key)
        if known == "unknown":
            return models.DEFAULT_ACCOUNT_ID
        if known is not None:
            account_id, partition = known
            backends = models.iam_backends.get(account_id)
            if backends is not None and access_key in backends[partition].access_keys:
                return account_id
        for account_id, account in list(models.iam_backends.items()):
            for partition in models.PARTITION_NAMES:
                if access_key in account[partition].access_keys:
                    _account_of_key[access_key] = (account_id, partition)
                    return account_id
        _account_of_key[access_key] = "unknown"
        return models.DEFAULT_ACCOUNT_ID

    models.get_account_id_from = get_account_id_from

# Why: moto lists its own package directory (a stat per service module, ~170) on every request to
# route it by Host header: ~1.3 ms per call. The directory does not change while the server runs.
try:
    from moto import backends as _backends
except ImportError:
    _backends = None

if _backends is not None and hasattr(_backends, "list_of_moto_modules"):
    _moto_modules = tuple(_backends.list_of_moto_modules())
    _backends.list_of_moto_modules = lambda: _moto_modules

# Behaviour, for the StackSet tests (test/live/stackset.test.ts): two things AWS does that moto
# 5.2.1 does not. Without them a StackSet can be created but never changed or shrunk.
try:
    from moto.cloudformation import models as _cfn_models
    from moto.cloudformation import responses as _cfn_responses
except ImportError:
    _cfn_models = None

# UpdateStackSet deploys the new template to every stack instance; moto only stores it (and later
# instances still get the first template). Each instance is made again from the new template: the
# same end state as CloudFormation's update, whatever moto's resources support updating.
if _cfn_models is not None and hasattr(_cfn_models, "StackSet") and hasattr(_cfn_models, "StackInstance"):
    _moto_stackset_update = _cfn_models.StackSet.update

    def _stackset_update(self, *args, **kwargs):
        operation = _moto_stackset_update(self, *args, **kwargs)
        self.instances.template = self.template
        for index, old in enumerate(list(self.instances.stack_instances)):
            old.delete()
            self.instances.stack_instances[index] = _cfn_models.StackInstance(
                account_id=old.account_id,
                region_name=old.region_name,
                stackset_id=old.stackset_id,
                stack_name=old.stack_name,
                name=old.name,
                template=self.template,
                parameters=self.parameters,
                permission_model=old.permission_model,
            )
        return operation

    _cfn_models.StackSet.update = _stackset_update

# DeleteStackInstances of a SERVICE_MANAGED StackSet names its accounts in DeploymentTargets (OUs
# with AccountFilterType INTERSECTION); moto reads only the SELF_MANAGED `Accounts`.
if _cfn_models is not None and hasattr(_cfn_responses, "CloudFormationResponse") and hasattr(_cfn_responses, "ActionResult"):
    _moto_delete_instances = _cfn_responses.CloudFormationResponse.delete_stack_instances

    def _delete_stack_instances(self):
        targets = self._get_params().get("DeploymentTargets") or {}
        if self._get_param("Accounts") or targets.get("AccountFilterType") != "INTERSECTION":
            return _moto_delete_instances(self)
        stackset = self.cloudformation_backend.delete_stack_instances(self._get_param("StackSetName"), targets.get("Accounts", []), self._get_param("Regions", []))
        return _cfn_responses.ActionResult({"OperationId": stackset.operations[-1]["OperationId"]})

    _cfn_responses.CloudFormationResponse.delete_stack_instances = _delete_stack_instances
