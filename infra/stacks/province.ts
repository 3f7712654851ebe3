import type { App, Stack } from 'aws-cdk-lib';
import { Tags } from 'aws-cdk-lib';
import { readProvinces, type ProvinceConfig } from '../config.js';
import { DataStack } from './data-stack.js';
import { IdentityStack } from './identity.js';
import { ServiceStack } from './service-stack.js';

export interface ProvinceStacks {
  province: ProvinceConfig;
  data: DataStack;
  identity: IdentityStack;
  service: ServiceStack;
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
  const service = new ServiceStack(app, `${name}-Service`, {
    env,
    province,
    data,
    identity,
    description: `Một Cửa ${province.name}: API, functions, hand-over queues, schedules, alarms`,
  });
  for (const stack of [data, identity, service]) {
    Tags.of(stack).add('project', 'mot-cua');
    Tags.of(stack).add('province', province.code);
  }
  return { province, data, identity, service, stacks: [data, identity, service] };
}

/** Every configured province (CDK context `mot-cua:provinces`, the demo province LCI by default). */
export function defineApp(app: App): ProvinceStacks[] {
  return readProvinces(app.node).map((p) => addProvince(app, p));
}
