import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { TABLE } from '../../shared/adapters/table.js';
import type { ProvinceConfig } from '../config.js';
import { AccessLogsBucket } from './access-logs.js';
import { FilesBucket } from './files-bucket.js';
import { ProvinceRecord } from './province-record.js';

export interface DataStackProps extends StackProps {
  province: ProvinceConfig;
}

/**
 * The province's data: the single table (shared/adapters/table.ts is its schema, exactly as the
 * local runtime creates it in infra/local/table.ts) and the key that encrypts it. Stateful and
 * kept apart from everything else, so the service stack can be replaced freely; nothing here is
 * ever deleted by CloudFormation.
 */
export class DataStack extends Stack {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;
  readonly vault: backup.BackupVault;
  readonly backupPlan: backup.BackupPlan;
  readonly files: FilesBucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const code = props.province.code.toLowerCase();

    this.key = new kms.Key(this, 'TableKey', {
      alias: `alias/mot-cua/${code}/table`,
      description: `Một Cửa ${props.province.name}: encrypts the dossier table`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Grants on the key are for the AWS services that use it (DynamoDB, S3), never for a person or a role of ours.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'GrantsOnlyForAwsServices',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      timeToLiveAttribute: TABLE.ttlAttribute,
      // The dossier events are derived from both images of each change.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    });

    for (const [name, index] of Object.entries(TABLE.indexes)) {
      const projection: string[] = [...index.projection];
      this.table.addGlobalSecondaryIndex({
        indexName: name,
        partitionKey: { name: index.pk, type: dynamodb.AttributeType.STRING },
        ...(index.sk ? { sortKey: { name: index.sk, type: dynamodb.AttributeType.STRING } } : {}),
        ...(projection.length
          ? { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: projection }
          : { projectionType: dynamodb.ProjectionType.KEYS_ONLY }),
      });
    }

    // Backups apart from PITR: daily into a vault of AWS Backup, copied to another region or
    // account when configured. With AWS Backup's advanced DynamoDB features turned on (an account
    // setting, docs/operations.md), the copies are encrypted with the vault's key, so they stay
    // readable even if the table's key is disabled or deleted.
    const { retentionDays, copyToVaultArn, copyRetentionDays } = props.province.backup;
    this.vault = new backup.BackupVault(this, 'Vault', { backupVaultName: `mot-cua-${code}`, removalPolicy: RemovalPolicy.RETAIN });
    this.backupPlan = new backup.BackupPlan(this, 'Backups', { backupPlanName: `mot-cua-${code}`, backupVault: this.vault });
    this.backupPlan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'daily',
        // 01:00 in Vietnam, when no desk is open.
        scheduleExpression: events.Schedule.cron({ hour: '18', minute: '0' }),
        deleteAfter: Duration.days(retentionDays),
        copyActions: copyToVaultArn
          ? [
              {
                destinationBackupVault: backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', copyToVaultArn),
                deleteAfter: Duration.days(copyRetentionDays),
              },
            ]
          : [],
      }),
    );
    const selection = this.backupPlan.addSelection('Table', { resources: [backup.BackupResource.fromDynamoDbTable(this.table)], allowRestores: true });
    for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']) {
      Validations.of(selection).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
        reason: `The role AWS Backup assumes to back up and restore the table holds AWS's own service-role policy ${policy}, which AWS keeps in step with what the service calls on every resource type it backs up; a hand-written copy would drift from it.`,
      });
    }
    // The dossiers' files, under the same key.
    const accessLogs = props.province.accessLogs ? new AccessLogsBucket(this, 'AccessLogs', { retentionDays: props.province.logRetentionDays }) : undefined;
    this.files = new FilesBucket(this, 'Files', {
      province: props.province.code,
      key: this.key,
      corsOrigins: props.province.corsOrigins,
      ...(accessLogs ? { accessLogs: accessLogs.bucket } : {}),
    });

    // The province itself: name and office hours, from the configuration.
    new ProvinceRecord(this, 'ProvinceRecord', { province: props.province, table: this.table, key: this.key });
  }

  /** ARN of one of the table's indexes, for policies naming exactly the indexes a function queries. */
  indexArn(name: keyof typeof TABLE.indexes): string {
    return `${this.table.tableArn}/index/${name}`;
  }
}
