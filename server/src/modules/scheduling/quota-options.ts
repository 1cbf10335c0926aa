import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { DomainError } from '../../http/errors.js';
import { EntryQuotaBody, type EntryQuotaInput } from './schemas.js';

/** The `open-quotas` command's options, as commander hands them over. */
export interface QuotaCommandOptions {
  production: string;
  from: string;
  to: string;
  slot: string[];
  type: string[];
  currency?: string;
}

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
addFormats.default(ajv);
const validateBody = ajv.compile<EntryQuotaInput>(EntryQuotaBody);

/** `label,09:00,12:00,500` or, ending after the production's duration, `label,09:00,500`. */
function slotOf(text: string): EntryQuotaInput['slots'][number] {
  const parts = text.split(',').map((part) => part.trim());
  const [label, startsAt, third, fourth] = parts;
  const capacityText = parts.length === 4 ? fourth : third;
  if (!label || !startsAt || !capacityText || parts.length < 3 || parts.length > 4 || !/^\d+$/.test(capacityText)) {
    throw new DomainError('VALIDATION_FAILED', `--slot "${text}" should read label,HH:MM[,HH:MM],capacity`, {
      fields: [{ field: 'slot', problem: 'should read label,HH:MM[,HH:MM],capacity' }],
    });
  }
  return {
    label,
    startsAt,
    ...(parts.length === 4 && third ? { endsAt: third } : {}),
    capacity: Number(capacityText),
  };
}

/** `adult:6000`: a ticket type and its price in minor units. */
function typeOf(text: string): EntryQuotaInput['ticketTypes'][number] {
  const match = /^([^:]+):(\d+)$/.exec(text.trim());
  if (!match) {
    throw new DomainError('VALIDATION_FAILED', `--type "${text}" should read type:price (minor units)`, {
      fields: [{ field: 'type', problem: 'should read type:price' }],
    });
  }
  return { type: match[1]!, price: Number(match[2]) };
}

/** Turns the command's options into the same request the HTTP route takes, checked by the same schema. */
export function quotaInputFromOptions(options: QuotaCommandOptions): EntryQuotaInput {
  const input = {
    productionId: options.production,
    from: options.from,
    to: options.to,
    slots: options.slot.map(slotOf),
    ticketTypes: options.type.map(typeOf),
    ...(options.currency ? { currency: options.currency } : {}),
  };
  if (!validateBody(input)) {
    throw new DomainError('VALIDATION_FAILED', 'The options are not valid', {
      fields: (validateBody.errors ?? []).map((issue) => ({
        field: issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'options',
        problem: issue.message ?? 'is invalid',
      })),
    });
  }
  return input;
}
