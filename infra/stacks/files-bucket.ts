import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { sendEventsToEventBridge } from './bucket-events.js';

export interface FilesBucketProps {
  /** The province's code, in the bucket's name. */
  province: string;
  /** The data stack's key: files are citizens' records as the table is, and a key of their own would cost a month's fixed budget. */
  key: kms.IKey;
  /** Where the staff console and the portals upload from (presigned PUTs from a browser). */
  corsOrigins: string[];
  /** Where S3 writes the bucket's server access logs, when the province keeps them. */
  accessLogs?: s3.IBucket;
}

/**
 * The province's files (attachments of dossiers), keyed `<commune>/<dossier>/<attachment>`:
 * encrypted with the data key (S3 Bucket Keys, few KMS calls), versioned, never public, TLS
 * only, uploads abandoned half way cleaned up after a day. Retained like the table.
 */
export class FilesBucket extends Construct {
  readonly bucket: s3.Bucket;
  /**
   * Named from the province, the account and the region (unique, as bucket names must be), so
   * that the service stack names it, and its objects in policies, without a cross-stack export.
   */
  readonly bucketName: string;
  readonly objectsArn: string;
  /** The objects' ARN as cdk-nag names it in a finding. */
  readonly objectsFinding: string;

  constructor(scope: Construct, id: string, props: FilesBucketProps) {
    super(scope, id);
    this.bucketName = `mot-cua-${props.province.toLowerCase()}-files-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
    this.objectsArn = `arn:${Aws.PARTITION}:s3:::${this.bucketName}/*`;
    this.objectsFinding = `arn:<AWS::Partition>:s3:::mot-cua-${props.province.toLowerCase()}-files-<AWS::AccountId>-<AWS::Region>/*`;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: this.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      ...(props.accessLogs ? { serverAccessLogsBucket: props.accessLogs, serverAccessLogsPrefix: 'files/' } : {}),
      cors: [
        {
          allowedOrigins: props.corsOrigins,
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedHeaders: ['content-type'],
          exposedHeaders: ['etag'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    sendEventsToEventBridge(this.bucket);
    if (!props.accessLogs) {
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          "The province's configuration turns access logs off: every read and write of a file is presigned by a function that checks the official first and puts it on the dossier's access trail.",
      });
    }
  }
}
