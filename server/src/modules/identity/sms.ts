import type { Logger } from 'pino';

export type SmsPurpose = 'register' | 'login' | 'reset-password';

/** Sends one verification code. Real gateways (Aliyun SMS, Tencent Cloud SMS) implement this interface. */
export interface SmsProvider {
  readonly name: string;
  /** Whether the code may be echoed back to the caller as `debugCode` (never in production). */
  readonly revealsCodes: boolean;
  sendCode(phone: string, code: string, purpose: SmsPurpose): Promise<void>;
}

/** The development provider: writes the code to the log instead of sending a message. */
export function consoleSmsProvider(logger: Logger, production: boolean): SmsProvider {
  return {
    name: 'console',
    revealsCodes: !production,
    async sendCode(phone, code, purpose) {
      logger.info({ phone, purpose, code }, 'SMS code (console provider)');
    },
  };
}
