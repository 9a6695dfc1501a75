// The few parts of `pg` (hoisted from packages/backend; the repo has no @types/pg) that the
// campaign uses for its direct database checks.
declare module 'pg' {
  export interface QueryResult {
    rows: Array<Record<string, any>>;
  }
  export class Client {
    constructor(config: {
      host: string;
      port: number;
      user: string;
      database: string;
    });
    connect(): Promise<void>;
    query(text: string, values?: unknown[]): Promise<QueryResult>;
    end(): Promise<void>;
    on(event: 'error', listener: (err: Error) => void): this;
  }
}
