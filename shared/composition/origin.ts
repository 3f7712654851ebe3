/**
 * The console's origin, which the citizen's page shares: the links of the officials' digest, the
 * receipts' QR codes and the citizens' messages. Set by the stack; locally by the runtime once it
 * listens, so it is read when a link is made.
 */
export const consoleOrigin = (): string => process.env.CONSOLE_URL ?? '';
