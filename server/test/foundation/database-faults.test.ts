import { describe, expect, it } from 'vitest';
import { databaseFaultOf, violatedUniqueIndex } from '../../src/db/errors.js';

/** An error as node-postgres or PGlite raise it: the SQLSTATE in `code`, the constraint beside it. */
const pgError = (code: string, constraint?: string) => Object.assign(new Error('database said no'), { code, constraint });

describe('database faults', () => {
  it('finds the PostgreSQL error however deep the ORM wrapped it', () => {
    const wrapped = new Error('Failed query: insert …', { cause: new Error('driver', { cause: pgError('55P03') }) });
    expect(databaseFaultOf(wrapped)).toEqual({ code: '55P03', constraint: null });
    expect(databaseFaultOf(new Error('no database here'))).toBeNull();
    expect(databaseFaultOf('not an error')).toBeNull();
  });

  it('names the unique index a violation hit, and nothing for other faults', () => {
    expect(violatedUniqueIndex(new Error('outer', { cause: pgError('23505', 'app_user_phone') }))).toBe('app_user_phone');
    expect(violatedUniqueIndex(pgError('23505'))).toBe('');
    expect(violatedUniqueIndex(pgError('23503', 'some_fk'))).toBeNull();
  });

  it('takes no node error code for a SQLSTATE', () => {
    expect(databaseFaultOf(Object.assign(new Error('socket'), { code: 'ECONNRESET' }))).toBeNull();
  });
});
