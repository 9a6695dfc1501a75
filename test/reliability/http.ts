/* A minimal HTTP client for the campaign: never throws on a status, records what it sent. */
import { Agent, fetch } from 'undici';

/**
 * Idle connections are closed after 1 s, well inside the backend's keep-alive timeout (Node's
 * 5 s). Otherwise a socket the server is closing can be reused for the next burst: the request
 * is reset before the server read it (ECONNRESET), which says nothing about the plugin. On this
 * loaded 2-core machine the client's idle check and its write can be seconds apart, so the
 * default margin was not enough (8 of 500 deployment deliveries once).
 */
const dispatcher = new Agent({
  keepAliveTimeout: 1_000,
  keepAliveMaxTimeout: 1_000,
});

export interface Req {
  method: string;
  /** Path under /api/itsm, e.g. `/incidents?limit=5` (already encoded). */
  path: string;
  token?: string;
  /** A JSON value, sent with content-type application/json. */
  body?: unknown;
  /** Sent as is (malformed JSON, huge bodies); wins over `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface Res {
  status: number;
  json: any;
  text: string;
  /** 0 when the connection failed (refused, reset): counted as its own outcome. */
  networkError?: string;
}

/** Every request of the run, by status (0: no answer). */
export const totals: { requests: number; byStatus: Record<number, number> } = {
  requests: 0,
  byStatus: {},
};

export async function call(
  baseUrl: string,
  req: Req,
  timeoutMs = 60_000,
): Promise<Res> {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  let body: string | undefined;
  if (req.rawBody !== undefined) {
    body = req.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] ??= 'application/json';
  }
  try {
    const res = await fetch(`${baseUrl}/api/itsm${req.path}`, {
      method: req.method,
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher,
    });
    const text = await res.text();
    totals.requests++;
    totals.byStatus[res.status] = (totals.byStatus[res.status] ?? 0) + 1;
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  } catch (e: any) {
    totals.requests++;
    totals.byStatus[0] = (totals.byStatus[0] ?? 0) + 1;
    return {
      status: 0,
      json: undefined,
      text: '',
      networkError: String(e?.cause?.code ?? e?.message ?? e),
    };
  }
}

/** Runs `tasks` with at most `concurrency` in flight; results in task order. */
export async function pool<T>(
  concurrency: number,
  tasks: Array<() => Promise<T>>,
): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks.length) }, worker),
  );
  return results;
}

/** One line describing a request for failure messages (bodies cut to keep them readable). */
export function describe(req: Req, replica?: string): string {
  const b =
    req.rawBody ?? (req.body === undefined ? '' : JSON.stringify(req.body));
  const shown = b.length > 300 ? `${b.slice(0, 300)}… (${b.length} chars)` : b;
  return `${req.method} ${
    req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path
  }${replica ? ` @${replica}` : ''}${shown ? ` body=${shown}` : ''}`;
}

/** The error message of an answer, or the start of its body, on one line. */
export function brief(res: Res): string {
  const text =
    res.networkError ??
    res.json?.error?.message ??
    (res.json?.id ? `id ${res.json.id}` : res.text);
  return String(text).replace(/\s+/g, ' ').slice(0, 200);
}
