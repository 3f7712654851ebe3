import type { Department, Role } from './model.js';

/** An official's account in the province's user pool, with what their tokens carry. */
export interface OfficialAccount {
  username: string;
  /** The account's immutable id, which tokens and records name; known once created. */
  sub?: string;
  name: string;
  email: string;
  phone?: string;
  roles: Role[];
  province: string;
  commune?: string;
  department?: Department;
  title?: string;
  enabled: boolean;
}

/** The user name or the e-mail is another official's already. */
export class AccountTaken extends Error {
  constructor(readonly what: 'username' | 'email') {
    super(`the ${what} is another official's`);
  }
}
