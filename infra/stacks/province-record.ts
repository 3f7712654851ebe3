import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { stamped } from '../../shared/adapters/formats.js';
import { keys, TABLE } from '../../shared/adapters/table.js';
import type { YearCalendar } from '../../shared/domain/calendar.js';
import { generatedYear, OFFICIAL_CALENDARS } from '../../shared/domain/holidays.js';
import type { ProvinceConfig } from '../config.js';

type AttributeValue = { S: string } | { N: string } | { BOOL: boolean } | { L: AttributeValue[] } | { M: Record<string, AttributeValue> };

/** DynamoDB's wire format of a plain JSON value (strings, numbers, booleans, arrays, objects). */
export function marshal(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(marshal) };
  if (value && typeof value === 'object') {
    return {
      M: Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, marshal(v)]),
      ),
    };
  }
  throw new Error(`cannot store ${String(value)}`);
}

/** The province's head item, exactly as shared/adapters/province-config.ts `putProvince` stores it. */
export function provinceItem(province: ProvinceConfig): Record<string, AttributeValue> {
  const item = stamped('province', {
    ...keys.province(province.code),
    data: { name: province.name, officeHours: province.officeHours, reportRecipients: province.reportRecipients },
  });
  return (marshal(item) as { M: Record<string, AttributeValue> }).M;
}

/** Calendars a new province starts with: the official notices, then years generated from the Labour Code. */
export function startingCalendars(): YearCalendar[] {
  const last = Math.max(...OFFICIAL_CALENDARS.map((c) => c.year));
  return [...OFFICIAL_CALENDARS, ...Array.from({ length: GENERATED_YEARS }, (_, i) => generatedYear(last + 1 + i))];
}

const GENERATED_YEARS = 8;

export function calendarItems(province: string): { year: number; item: Record<string, AttributeValue> }[] {
  return startingCalendars().map((c) => ({
    year: c.year,
    item: (marshal(stamped('calendar', { ...keys.calendar(province, c.year), data: c })) as { M: Record<string, AttributeValue> }).M,
  }));
}

export interface ProvinceRecordProps {
  province: ProvinceConfig;
  table: dynamodb.ITable;
  key: kms.IKey;
}

/**
 * Writes the province's head item (name and office hours from the CDK context) on every deploy
 * that changes them: without it the province does not exist for the API, and its administrator
 * could not onboard communes, calendars and procedures. Nothing is deleted with the stack.
 */
export class ProvinceRecord extends Construct {
  constructor(scope: Construct, id: string, props: ProvinceRecordProps) {
    super(scope, id);
    const { province, table, key } = props;

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Mot Cua ${province.code}: writes the province head item on deploy`,
    });
    logGroup.grantWrite(role);

    // Each resource carries every right its call uses in its own policy, which CloudFormation
    // attaches before the call runs: no resource may rely on another's policy being there yet.
    const policy = () =>
      cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [table.tableArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
        }),
      ]);

    const put: cr.AwsSdkCall = {
      service: 'DynamoDB',
      action: 'putItem',
      parameters: { TableName: table.tableName, Item: provinceItem(province) },
      physicalResourceId: cr.PhysicalResourceId.of(`province-${province.code}`),
    };
    const resource = new cr.AwsCustomResource(this, 'Put', {
      resourceType: 'Custom::ProvinceRecord',
      onCreate: put,
      onUpdate: put,
      installLatestAwsSdk: false,
      role,
      logGroup,
      policy: policy(),
    });
    resource.node.addDependency(table);

    // Written once, when the province is created: later notices come through the admin API and
    // a redeploy must not overwrite them. One PutItem per year (a batch write may leave items
    // unprocessed, which a single SDK call cannot retry); a year already there is kept.
    for (const { year, item } of calendarItems(province.code)) {
      const calendar = new cr.AwsCustomResource(this, `Calendar${year}`, {
        resourceType: 'Custom::ProvinceCalendar',
        onCreate: {
          service: 'DynamoDB',
          action: 'putItem',
          parameters: { TableName: table.tableName, Item: item, ConditionExpression: `attribute_not_exists(${TABLE.partitionKey})` },
          physicalResourceId: cr.PhysicalResourceId.of(`calendar-${province.code}-${year}`),
          ignoreErrorCodesMatching: 'ConditionalCheckFailedException',
        },
        installLatestAwsSdk: false,
        role,
        logGroup,
        policy: policy(),
      });
      calendar.node.addDependency(table);
    }
  }
}
