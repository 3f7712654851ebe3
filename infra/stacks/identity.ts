import { ArnFormat, CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { ProvinceConfig } from '../config.js';
import { PORTAL_SCOPE } from '../scopes.js';
import type { FunctionAccess } from '../../shared/access/least-privilege.js';
import type { DataStack } from './data-stack.js';
import { ServiceFunction } from './functions.js';

/** The name of the user pool's pre-token-generation trigger among the functions. */
export const PRE_TOKEN_FUNCTION = 'pre-token';
export const PRE_TOKEN_ENTRY = 'functions/identity/pre-token.ts';
/** The pre-token trigger maps what Cognito hands it (and the portal clients of its environment) to claims: no table, no queue, no AWS call at all. */
export const PRE_TOKEN_ACCESS: FunctionAccess = { table: [] };

const senderDomain = (address: string) => address.slice(address.lastIndexOf('@') + 1);

export interface IdentityStackProps extends StackProps {
  province: ProvinceConfig;
  data: DataStack;
}

/**
 * Who may call the API: the officials' user pool (MFA, Plus plan), the commune web app's client,
 * the portals' machine client, the hosted domain of their token endpoint, and the
 * pre-token-generation trigger that puts the claims in the tokens.
 *
 * A stack of its own, termination-protected, with the pool retained and deletion-protected: the
 * service stack can be replaced without losing an official, an MFA enrolment, the issuer the
 * portals trust or their client secrets.
 */
export class IdentityStack extends Stack {
  readonly userPool: cognito.UserPool;
  /** The commune web app (officials, SRP sign-in). */
  readonly staffClient: cognito.UserPoolClient;
  /** The portals' machine client (client credentials, scope mot-cua/dossiers). */
  readonly portalClient: cognito.UserPoolClient;
  /** The hosted domain whose /oauth2/token endpoint issues the portals' tokens. */
  readonly domain: cognito.UserPoolDomain;
  readonly preToken: ServiceFunction;
  /** The SES identity of the officials' mail, when configured. */
  readonly senderIdentity?: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { province, data } = props;
    const prefix = `mot-cua-${province.code.toLowerCase()}`;

    this.userPool = new cognito.UserPool(this, 'Officials', {
      userPoolName: `${prefix}-officials`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      ...(province.email?.verified
        ? {
            email: cognito.UserPoolEmail.withSES({
              fromEmail: province.email.from,
              fromName: province.email.fromName,
              ...(province.email.replyTo ? { replyTo: province.email.replyTo } : {}),
              sesRegion: province.region,
              sesVerifiedDomain: senderDomain(province.email.from),
            }),
          }
        : {}),
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        province: new cognito.StringAttribute({ minLen: 2, maxLen: 4, mutable: false }),
        commune: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        department: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        roles: new cognito.StringAttribute({ minLen: 1, maxLen: 256, mutable: true }),
        /** The official's post as the province names it (chức danh), set by its administrator. */
        title: new cognito.StringAttribute({ minLen: 1, maxLen: 100, mutable: true }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The commune web app: officials sign in with SRP; short-lived tokens, revocable.
    // Officials may change their locale themselves, never the attributes the claims come from
    // (custom:roles, custom:commune, …, and `name`, which records and printed forms keep): an
    // unlisted write set would let any official's own access token rewrite them (UpdateUserAttributes).
    const staffClient = this.userPool.addClient('CommuneApp', {
      userPoolClientName: 'commune-app',
      authFlows: { userSrp: true },
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ locale: true }),
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // Portals: machine clients on the client-credentials flow, through the hosted token endpoint.
    const [identifier, scopeName] = PORTAL_SCOPE.split('/') as [string, string];
    const dossiersScope = new cognito.ResourceServerScope({ scopeName, scopeDescription: 'submit and follow dossiers for citizens' });
    const scopes = this.userPool.addResourceServer('Scopes', { identifier, scopes: [dossiersScope] });
    // Managed login (its newer pages): the officials sign in to the console there; the portals take tokens from it.
    this.domain = this.userPool.addDomain('TokenEndpoint', {
      cognitoDomain: { domainPrefix: province.authDomainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    const portalClient = this.userPool.addClient('Portal', {
      userPoolClientName: 'portal',
      generateSecret: true,
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [cognito.OAuthScope.resourceServer(scopes, dossiersScope)],
      },
      accessTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
    });

    // Nothing but client credentials: no password, SRP or custom sign-in with the portal's id
    // (left unset, Cognito would allow SRP and custom auth; refresh is the floor it accepts, and
    // client credentials issue no refresh token).
    (portalClient.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];

    this.staffClient = staffClient;
    this.portalClient = portalClient;

    // The claims of officials (from their attributes) and of portals (from their app client).
    const preTokenName = `${prefix}-pre-token`;
    this.preToken = new ServiceFunction(this, PRE_TOKEN_FUNCTION, {
      name: PRE_TOKEN_FUNCTION,
      functionName: preTokenName,
      entry: PRE_TOKEN_ENTRY,
      kind: 'trigger',
      description: 'Cognito pre token generation: roles, province, commune, department claims',
      access: PRE_TOKEN_ACCESS,
      data,
      environment: {
        PROVINCES: province.code,
        POWERTOOLS_SERVICE_NAME: 'mot-cua',
        // {"<portal app client id>": "<province>"}: the province a portal's token is for.
        PORTAL_CLIENTS: Fn.join('', ['{"', portalClient.userPoolClientId, `":"${province.code}"}`]),
      },
      logRetention: province.logRetentionDays as logs.RetentionDays,
    });
    this.addPreTokenTrigger(this.preToken.fn, preTokenName);

    // The sender domain, with Easy DKIM: its three CNAME records are outputs to publish in DNS.
    if (province.email) {
      this.senderIdentity = new ses.EmailIdentity(this, 'Sender', { identity: ses.Identity.domain(senderDomain(province.email.from)) });
      this.senderIdentity.dkimRecords.forEach((record, i) => new CfnOutput(this, `SenderDkim${i + 1}`, { value: `${record.name} CNAME ${record.value}` }));
    }

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'PortalClientId', { value: portalClient.userPoolClientId });
    new CfnOutput(this, 'StaffClientId', { value: staffClient.userPoolClientId });
    new CfnOutput(this, 'TokenUrl', { value: `${this.domain.baseUrl()}/oauth2/token` });
  }

  /**
   * Makes `fn` the pool's pre-token-generation trigger, event version V3_0: the version that
   * also runs for client-credentials (portal) tokens; it needs the Essentials or Plus plan.
   *
   * The trigger reads the portal client's id from its environment, and the pool names the
   * trigger: referencing the function itself would make pool → function → client → pool, a
   * cycle CloudFormation refuses. So the pool gets the ARN built from the function's fixed
   * name (no reference), and the invoke permission — scoped to this pool — is the function's.
   */
  private addPreTokenTrigger(fn: lambda.IFunction, functionName: string): void {
    const stack = Stack.of(this);
    const byName = lambda.Function.fromFunctionAttributes(this, 'PreTokenTrigger', {
      functionArn: stack.formatArn({ service: 'lambda', resource: 'function', resourceName: functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      // The permission is granted below, on the function itself.
      skipPermissions: true,
    });
    this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, byName, cognito.LambdaVersion.V3_0);
    fn.addPermission('InvokedByOfficialsPool', {
      principal: new iam.ServicePrincipal('cognito-idp.amazonaws.com'),
      sourceArn: this.userPool.userPoolArn,
      sourceAccount: stack.account,
    });
  }
}
