/** What PostgreSQL said about a failed statement: its SQLSTATE and, for constraint violations, the constraint. */
export interface DatabaseFault {
  code: string;
  constraint: string | null;
}

/**
 * The PostgreSQL error inside `error`, wherever a driver or the ORM wrapped it (`cause` chains): both
 * drivers and Drizzle wrap it differently, so callers that turn a database refusal into a domain error
 * look here instead of at the outer error.
 */
export function databaseFaultOf(error: unknown): DatabaseFault | null {
  let current: unknown = error;
  while (current && typeof current === 'object') {
    const { code, constraint, cause } = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return { code, constraint: typeof constraint === 'string' ? constraint : null };
    }
    current = cause;
  }
  return null;
}

/** SQLSTATE of a unique violation. */
const UNIQUE_VIOLATION = '23505';

/** The index or constraint a unique violation hit ('' when the driver did not say); null for any other error. */
export function violatedUniqueIndex(error: unknown): string | null {
  const fault = databaseFaultOf(error);
  return fault?.code === UNIQUE_VIOLATION ? (fault.constraint ?? '') : null;
}
