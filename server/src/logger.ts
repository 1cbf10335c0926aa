import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/** JSON logs; secrets that may appear in requests are redacted. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.newPassword',
        '*.refreshToken',
        '*.accessToken',
        '*.idNumber',
      ],
      censor: '[redacted]',
    },
  });
}
