import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases the ITSM store supports and is tested on. PostgreSQL and MySQL/MariaDB come
 * from the BACKSTAGE_TEST_DATABASE_*_CONNECTION_STRING variables (see
 * scripts/test-databases.sh) or from Docker; SQLite is always available.
 */
export const ITSM_TEST_DATABASE_IDS: readonly TestDatabaseId[] = [
  'POSTGRES_15',
  'MYSQL_8',
  'SQLITE_3',
];

/** Set by scripts/test-databases.sh: a missing database fails the run instead of being skipped. */
export const REQUIRE_ALL_ENV = 'ITSM_REQUIRE_ALL_TEST_DATABASES';

/** The ids of ITSM_TEST_DATABASE_IDS that `databases` cannot run on in this environment. */
export function missingTestDatabases(
  databases: TestDatabases,
): TestDatabaseId[] {
  return ITSM_TEST_DATABASE_IDS.filter(id => !databases.supports(id));
}

/** Whether ITSM_REQUIRE_ALL_TEST_DATABASES is set for this run. */
export const requireAllTestDatabases = Boolean(process.env[REQUIRE_ALL_ENV]);

/**
 * `TestDatabases` for the ITSM store tests. Call it at the top level of a test file (or of a
 * describe block), then `it.each(databases.eachSupportedId())` / `describe.each(...)`.
 *
 * When ITSM_REQUIRE_ALL_TEST_DATABASES is set, a database that is not available makes the suite
 * fail loudly (a failing beforeAll, plus the "runs on every required test database" test each
 * caller registers when `requireAllTestDatabases` is set) so CI can never silently test SQLite
 * only.
 */
export function itsmTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({ ids: [...ITSM_TEST_DATABASE_IDS] });

  if (requireAllTestDatabases) {
    const missing = missingTestDatabases(databases);
    const message =
      `${REQUIRE_ALL_ENV} is set but these test databases are not available: ${missing.join(
        ', ',
      )}. ` +
      'Run `source scripts/test-databases.sh && itsm_ensure_test_databases` before jest ' +
      '(it exports BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING and ' +
      'BACKSTAGE_TEST_DATABASE_MYSQL8_CONNECTION_STRING).';
    if (missing.length > 0) {
      // Every test of the suite fails with the reason, not only the required-databases test.
      beforeAll(() => {
        throw new Error(message);
      });
    }
  }

  return databases;
}

/**
 * Awaits a database write that must fail on a constraint (unique, primary or foreign key).
 *
 * Not `expect(...).rejects.toThrow()`: better-sqlite3 registers its SqliteError class with the
 * native addon only once per process, so in the second test file a Jest worker runs, SQLite
 * errors come from another sandbox's class, are not `instanceof Error` there, and Jest reports
 * "did not throw" although the write failed.
 */
export async function expectConstraintViolation(
  write: PromiseLike<unknown>,
): Promise<void> {
  const outcome = await Promise.resolve(write).then(
    () => ({ failed: false as const }),
    (error: unknown) => ({ failed: true as const, error }),
  );
  if (!outcome.failed) {
    throw new Error(
      'Expected the write to violate a constraint, but it succeeded',
    );
  }
  const error = outcome.error as { message?: unknown } | undefined;
  expect(String(error?.message ?? error)).toMatch(
    /unique|duplicate|constraint|foreign key/i,
  );
}
