import type { App, Stack } from 'aws-cdk-lib';
import { Tags } from 'aws-cdk-lib';
import { readProvinces, type ProvinceConfig } from '../config.js';
import { DataStack } from './data-stack.js';
import { EdgeStack } from './edge.js';
import { IdentityStack } from './identity.js';
import { ServiceStack } from './service-stack.js';

export interface ProvinceStacks {
  province: ProvinceConfig;
  data: DataStack;
  identity: IdentityStack;
  service: ServiceStack;
  /** The web ACL in us-east-1, when the province has the WAF option. */
  edge?: EdgeStack;
  /** Every stack of the province, in deploy order. */
  stacks: Stack[];
}

/**
 * One province's deployment, in the province's region: its data stack (table, key) and identity
 * stack (user pool, clients, token endpoint, trigger) — both retained and termination-protected —
 * and its replaceable service stack (queues, functions, API, schedules, alarms).
 */
export function addProvince(app: App, province: ProvinceConfig): ProvinceStacks {
  const env = { account: province.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: province.region };
  const name = `MotCua-${province.code}`;
  const data = new DataStack(app, `${name}-Data`, { env, province, description: `Một Cửa ${province.name}: dossier table and its key` });
  const identity = new IdentityStack(app, `${name}-Identity`, {
    env,
    province,
    data,
    description: `Một Cửa ${province.name}: officials' user pool, app clients, token endpoint, pre-token trigger`,
  });
  const edge = province.waf
    ? new EdgeStack(app, `${name}-Edge`, {
        env: { account: env.account, region: 'us-east-1' },
        province,
        lookupsPerIp: province.waf.lookupsPerIp,
        description: `Một Cửa ${province.name}: web ACL of the public routes (CloudFront, us-east-1)`,
      })
    : undefined;
  const service = new ServiceStack(app, `${name}-Service`, {
    env,
    province,
    data,
    identity,
    ...(edge ? { webAcl: edge.webAcl, crossRegionReferences: true } : {}),
    description: `Một Cửa ${province.name}: API, functions, hand-over queues, schedules, alarms`,
  });
  const stacks = [data, identity, ...(edge ? [edge] : []), service];
  for (const stack of stacks) {
    Tags.of(stack).add('project', 'mot-cua');
    Tags.of(stack).add('province', province.code);
  }
  return { province, data, identity, service, ...(edge ? { edge } : {}), stacks };
}

/** Every configured province (CDK context `mot-cua:provinces`, the demo province LCI by default). */
export function defineApp(app: App): ProvinceStacks[] {
  return readProvinces(app.node).map((p) => addProvince(app, p));
}
