// Router and store tests start a backend and create databases on PostgreSQL and MariaDB in
// their hooks: on a 2-core machine under load that took longer than jest's 5 s default. (A
// `testTimeout` in package.json is ignored when `backstage-cli repo test` runs all packages as
// one multi-project jest run; this file is loaded per test file in both modes.)
jest.setTimeout(60_000);

export {};
