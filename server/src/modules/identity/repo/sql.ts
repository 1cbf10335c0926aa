import { violatedUniqueIndex } from '../../../db/errors.js';
import { DomainError } from '../../../http/errors.js';

/** Both drivers hand timestamps back as Postgres text; the API speaks ISO-8601. */
export const iso = (value: string | Date): string => new Date(value).toISOString();
export const dateOf = (value: string | Date): Date => new Date(value);
export const dateOrNull = (value: string | Date | null): Date | null => (value === null ? null : new Date(value));

/**
 * Runs an insert or update whose uniqueness the database guards, turning a violation of one of the
 * named unique indexes into its domain error (USERNAME_TAKEN and the like).
 */
export async function guardUnique<T>(work: Promise<T>, conflicts: Record<string, () => DomainError>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const index = violatedUniqueIndex(error);
    const conflict = index === null ? undefined : conflicts[index];
    if (conflict) throw conflict();
    throw error;
  }
}
