import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { OutgoingMessage } from '../domain/notifications.js';
import { requiredEnv } from './aws.js';
import { secretValue } from './secrets.js';

/** A provider's refusal, described without the address or the text. */
export class ProviderFailed extends Error {
  override name = 'ProviderFailed';
}

/** +84… for a Vietnamese number written 0…, as SMS and Zalo expect (E.164). */
export const e164 = (phone: string): string => (phone.startsWith('+') ? phone : phone.startsWith('0') ? `+84${phone.slice(1)}` : `+${phone}`);

/*
 * Each SDK client is made the first time its channel is used. Imported statically, by name: a
 * dynamic import() of a package keeps all of it in a single-file bundle (about 24 KB more for SES).
 */
let sms: PinpointSMSVoiceV2Client | undefined;
let ses: SESv2Client | undefined;

async function sendSms(m: OutgoingMessage): Promise<void> {
  sms ??= new PinpointSMSVoiceV2Client({});
  await sms.send(
    new SendTextMessageCommand({
      DestinationPhoneNumber: e164(m.to),
      MessageBody: m.notice.text,
      MessageType: 'TRANSACTIONAL',
      ...(process.env.SMS_ORIGINATION ? { OriginationIdentity: process.env.SMS_ORIGINATION } : {}),
    }),
  );
}

async function sendEmail(m: OutgoingMessage): Promise<void> {
  ses ??= new SESv2Client({});
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: requiredEnv('MAIL_FROM'),
      Destination: { ToAddresses: [m.to] },
      Content: { Simple: { Subject: { Data: m.notice.subject, Charset: 'UTF-8' }, Body: { Text: { Data: m.notice.text, Charset: 'UTF-8' } } } },
    }),
  );
}

/** The Zalo OA access token, from Secrets Manager, kept for 10 minutes (the secret is rotated as Zalo renews it). */
async function zaloAccessToken(): Promise<string> {
  const token = await secretValue(requiredEnv('ZALO_TOKEN_SECRET_ARN'), 600);
  if (!token) throw new ProviderFailed('the Zalo token secret is empty');
  return token;
}

/** Zalo Notification Service: a registered template per event type, filled with the notice's parameters. */
async function sendZalo(m: OutgoingMessage): Promise<void> {
  const templates = JSON.parse(process.env.ZALO_TEMPLATES ?? '{}') as Record<string, string>;
  const template = templates[m.type];
  if (!template) throw new ProviderFailed(`no Zalo template for ${m.type}`);
  const answer = await fetch('https://business.openapi.zalo.me/message/template', {
    method: 'POST',
    headers: { 'content-type': 'application/json', access_token: await zaloAccessToken() },
    body: JSON.stringify({ phone: e164(m.to).slice(1), template_id: template, template_data: m.notice.params, tracking_id: `${m.dossierId}:${m.type}` }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await answer.json().catch(() => ({}))) as { error?: number };
  if (!answer.ok || body.error !== 0) throw new ProviderFailed(`Zalo answered ${answer.status} with error ${String(body.error)}`);
}

/**
 * The local runtime's recorder (LOCAL_MESSAGES_URL, a loopback address): every message is kept
 * there instead of leaving the machine.
 */
async function record(m: OutgoingMessage, url: string): Promise<void> {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: m.channel, to: m.to, dossierId: m.dossierId, type: m.type, text: m.notice.text }),
  });
  if (!answer.ok) throw new ProviderFailed(`the ${m.channel} provider answered ${answer.status}`);
}

/** Why a provider call failed, without what the SDK's error may quote (the destination). */
function failure(m: OutgoingMessage, error: unknown): ProviderFailed {
  if (error instanceof ProviderFailed) return error;
  return new ProviderFailed(`${m.channel} provider failed: ${error instanceof Error ? error.name : 'unknown error'}`);
}

/** Sends an e-mail through SES, and only that: a function that only mails (the digest) carries no other provider's client. */
export async function sendMail(m: OutgoingMessage): Promise<void> {
  const local = process.env.LOCAL_MESSAGES_URL;
  if (local) return record(m, local);
  try {
    await sendEmail(m);
  } catch (error) {
    throw failure(m, error);
  }
}

/** Sends a message through its channel's provider. */
export async function sendMessage(m: OutgoingMessage): Promise<void> {
  const local = process.env.LOCAL_MESSAGES_URL;
  if (local) return record(m, local);
  try {
    if (m.channel === 'SMS') return await sendSms(m);
    if (m.channel === 'EMAIL') return await sendEmail(m);
    return await sendZalo(m);
  } catch (error) {
    // SDK errors can quote the destination: only their name travels on.
    throw failure(m, error);
  }
}
