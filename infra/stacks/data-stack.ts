import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { TABLE } from '../../shared/adapters/table.js';
import type { ProvinceConfig } from '../config.js';
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

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const code = props.province.code.toLowerCase();

    this.key = new kms.Key(this, 'TableKey', {
      alias: `alias/mot-cua/${code}/table`,
      description: `Một Cửa ${props.province.name}: encrypts the dossier table`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

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

    // The province itself: name and office hours, from the configuration.
    new ProvinceRecord(this, 'ProvinceRecord', { province: props.province, table: this.table, key: this.key });
  }

  /** ARN of one of the table's indexes, for policies naming exactly the indexes a function queries. */
  indexArn(name: keyof typeof TABLE.indexes): string {
    return `${this.table.tableArn}/index/${name}`;
  }
}
