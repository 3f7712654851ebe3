import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Sends the bucket's object events to the account's default EventBridge bus (free until a rule
 * asks for them), set on the bucket itself: the construct's `eventBridgeEnabled` would add a
 * custom-resource function to every stack that uses it.
 */
export function sendEventsToEventBridge(bucket: s3.Bucket): void {
  (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}
