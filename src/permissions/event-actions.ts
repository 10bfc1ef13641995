// A CloudTrail event → the IAM action it was authorized as. Mostly `eventSource`'s first label
// and `eventName`; the exceptions are services whose endpoint is not their IAM prefix, API
// versions appended to event names, and calls IAM authorizes under another action's name.

/** Endpoint labels that are not the service's IAM prefix. */
const PREFIX_OF_SOURCE: Record<string, string> = {
  monitoring: 'cloudwatch',
  email: 'ses',
  'streams.dynamodb': 'dynamodb',
  tagging: 'tag',
  'models.lex': 'lex',
  'runtime.lex': 'lex',
  'runtime.sagemaker': 'sagemaker',
};

/** Event names IAM authorizes as another action, per service. */
const ACTION_OF_EVENT: Record<string, Record<string, string>> = {
  s3: {
    ListBuckets: 'ListAllMyBuckets',
    ListObjects: 'ListBucket',
    ListObjectsV2: 'ListBucket',
    HeadBucket: 'ListBucket',
    HeadObject: 'GetObject',
    ListObjectVersions: 'ListBucketVersions',
    ListMultipartUploads: 'ListBucketMultipartUploads',
    ListParts: 'ListMultipartUploadParts',
    DeleteObjects: 'DeleteObject',
    CopyObject: 'PutObject',
    CreateMultipartUpload: 'PutObject',
    UploadPart: 'PutObject',
    UploadPartCopy: 'PutObject',
    CompleteMultipartUpload: 'PutObject',
    GetBucketEncryption: 'GetEncryptionConfiguration',
    PutBucketEncryption: 'PutEncryptionConfiguration',
    DeleteBucketEncryption: 'PutEncryptionConfiguration',
    GetBucketLifecycle: 'GetLifecycleConfiguration',
    GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
    PutBucketLifecycle: 'PutLifecycleConfiguration',
    PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
    GetBucketReplication: 'GetReplicationConfiguration',
    PutBucketReplication: 'PutReplicationConfiguration',
    GetBucketAccelerateConfiguration: 'GetAccelerateConfiguration',
    GetBucketAnalyticsConfiguration: 'GetAnalyticsConfiguration',
    GetBucketInventoryConfiguration: 'GetInventoryConfiguration',
    GetBucketMetricsConfiguration: 'GetMetricsConfiguration',
    GetBucketIntelligentTieringConfiguration: 'GetIntelligentTieringConfiguration',
    GetBucketNotificationConfiguration: 'GetBucketNotification',
    GetObjectLockConfiguration: 'GetBucketObjectLockConfiguration',
  },
};

/** `service:Action` as the event names it (not yet checked against the catalog); undefined when the event carries no source or name. */
export function eventAction(eventSource: string, eventName: string, isAction: (action: string) => boolean): string | undefined {
  const source = /^(.+)\.amazonaws\.com$/.exec(eventSource)?.[1];
  if (!source || !eventName) return undefined;
  const prefix = Object.hasOwn(PREFIX_OF_SOURCE, source) ? PREFIX_OF_SOURCE[source]! : source;
  if (prefix === 'apigateway' && !isAction(`apigateway:${eventName}`)) return `apigateway:${apiGatewayMethod(eventName)}`;
  // Lambda and CloudFront append their API version: GetFunction20150331v2, ListDistributions2020_05_31.
  const name = eventName.replace(/(?:20\d{6}(?:v\d+)?|\d{4}_\d{2}_\d{2})$/, '');
  const renamed = Object.hasOwn(ACTION_OF_EVENT, prefix) && Object.hasOwn(ACTION_OF_EVENT[prefix]!, name) ? ACTION_OF_EVENT[prefix]![name]! : name;
  return `${prefix}:${renamed}`;
}

/** API Gateway's REST management API is authorized by HTTP method (apigateway:GET); its newer operations by name. */
function apiGatewayMethod(eventName: string): string {
  const verb = /^[A-Z][a-z]+/.exec(eventName)?.[0];
  return verb === 'Create' || verb === 'Import' ? 'POST' : verb === 'Update' ? 'PATCH' : verb === 'Delete' ? 'DELETE' : verb === 'Put' ? 'PUT' : 'GET';
}
