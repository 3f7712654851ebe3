import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { sendEventsToEventBridge } from './bucket-events.js';

export interface AccessLogsBucketProps {
  /** Days a log file is kept. */
  retentionDays: number;
}

/**
 * Where a stack's buckets and distribution write their access logs (one in the data stack for the
 * files bucket, one in the service stack for the console: a log target named across stacks is an
 * export that pins both). S3 delivers server access logs only to a bucket with S3-managed keys,
 * and CloudFront's standard logs write through the bucket's ACL (object ownership "bucket owner
 * preferred"); the bucket logs its own access under `self/`, which the lifecycle bounds like the
 * rest.
 */
export class AccessLogsBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      serverAccessLogsPrefix: 'self/',
      lifecycleRules: [
        { id: 'expire-logs', expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(1) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    sendEventsToEventBridge(this.bucket);
  }
}
