# Python runs this at startup of the moto_server that test/helpers/moto.ts launches (it puts this
# folder on PYTHONPATH). It only makes moto's AWS managed policies cheap; behaviour is unchanged.
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
