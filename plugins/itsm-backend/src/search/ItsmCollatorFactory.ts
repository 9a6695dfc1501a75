import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { entityItsmLink } from '../links';
import {
  Change,
  Incident,
  ItsmClient,
  itsmReadPermission,
  Page,
  Problem,
  Service,
} from '@backstage-itsm/plugin-itsm-common';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import { Readable } from 'node:stream';

/** The document types of the ITSM collators. @public */
export type ItsmDocumentType =
  | 'itsm-service'
  | 'itsm-incident'
  | 'itsm-problem'
  | 'itsm-change';

/** @public */
export const ITSM_DOCUMENT_TYPES: readonly ItsmDocumentType[] = [
  'itsm-service',
  'itsm-incident',
  'itsm-problem',
  'itsm-change',
];

/**
 * A search document of an ITSM record. `location` is the ITSM tab of the record's (first)
 * entity with the record in the query (`?incident=<id>`), or `/itsm/...` without an entity;
 * it is unique per record (the Lunr engine keys documents by location). `authorization.resourceRef`
 * is the record id: when `itsm.record.read` is CONDITIONAL for the searching user, the search
 * backend's AuthorizedSearchEngine authorizes each result with it (without it, the result
 * would be shown to everyone).
 * @public
 */
export interface ItsmSearchDocument extends IndexableDocument {
  /** `service`, `incident`, `problem` or `change`. */
  recordType: 'service' | 'incident' | 'problem' | 'change';
  recordId: string;
  /** `INC-1042`, `PRB-1003`, `CHG-1007`; empty for services. */
  number: string;
  /** State (incidents, problems, changes) or lifecycle (services). */
  state: string;
  /** Incidents: P1..P4; services: criticality 1..4; changes: risk; problems: empty. */
  priority: string;
  entityRef: string;
  entityRefs: string[];
  ownerRef: string;
  lastUpdated: string;
}

/** Where the ITSM tab of an entity lives in the app. */
export function entityItsmPath(
  entityRef: string | undefined,
): string | undefined {
  if (!entityRef) return undefined;
  try {
    return entityItsmLink(entityRef);
  } catch {
    return undefined;
  }
}

function location(
  type: ItsmSearchDocument['recordType'],
  id: string,
  entityRef?: string,
) {
  const base = entityItsmPath(entityRef) ?? `/itsm/${type}s`;
  return `${base}?${type}=${encodeURIComponent(id)}`;
}

const join = (...parts: Array<string | null | undefined>) =>
  parts.filter(p => typeof p === 'string' && p.trim() !== '').join('\n\n');

/**
 * The document of a numbered record (incident, problem, change): titled by number and title,
 * its text the number, the description and the type's `details`, found on its first entity.
 */
function numberedRecordDocument(
  recordType: 'incident' | 'problem' | 'change',
  record: {
    id: string;
    number: string;
    title: string;
    description: string | null;
    state: string;
    updatedAt: string;
  },
  fields: {
    details: Array<string | null | undefined>;
    priority: string;
    entityRefs: string[];
    ownerRef: string;
  },
): ItsmSearchDocument {
  return {
    title: `${record.number} · ${record.title}`,
    text: join(record.number, record.description, ...fields.details),
    location: location(recordType, record.id, fields.entityRefs[0]),
    recordType,
    recordId: record.id,
    authorization: { resourceRef: record.id },
    number: record.number,
    state: record.state,
    priority: fields.priority,
    entityRef: fields.entityRefs[0] ?? '',
    entityRefs: fields.entityRefs,
    ownerRef: fields.ownerRef,
    lastUpdated: record.updatedAt,
  };
}

/** The documents of each record type (pure; exported for tests and custom collators). */
export const itsmDocuments = {
  service(s: Service): ItsmSearchDocument {
    return {
      title: s.name,
      text: join(
        s.purpose,
        s.supportHours && `Support hours: ${s.supportHours}`,
        s.contact,
        s.entityRefs.join(' '),
      ),
      location: location('service', s.id, s.entityRef),
      recordType: 'service',
      recordId: s.id,
      authorization: { resourceRef: s.id },
      number: '',
      state: s.lifecycle,
      priority: String(s.criticality),
      entityRef: s.entityRef,
      entityRefs: s.entityRefs,
      ownerRef: s.ownerRef,
      lastUpdated: s.updatedAt,
    };
  },
  incident(i: Incident, ownerRef = ''): ItsmSearchDocument {
    return numberedRecordDocument('incident', i, {
      details: [
        i.workaround && `Workaround: ${i.workaround}`,
        i.resolutionNotes && `Resolution: ${i.resolutionNotes}`,
      ],
      priority: i.priority,
      entityRefs: [i.entityRef],
      ownerRef,
    });
  },
  problem(p: Problem): ItsmSearchDocument {
    return numberedRecordDocument('problem', p, {
      details: [
        p.rootCause && `Root cause: ${p.rootCause}`,
        p.knownError?.symptom &&
          `Known error – symptom: ${p.knownError.symptom}`,
        p.knownError?.workaround &&
          `Known error – workaround: ${p.knownError.workaround}`,
        p.knownError?.solution &&
          `Known error – solution: ${p.knownError.solution}`,
      ],
      priority: '',
      entityRefs: p.entityRefs,
      ownerRef: '',
    });
  },
  change(c: Change): ItsmSearchDocument {
    return numberedRecordDocument('change', c, {
      details: [
        c.implementationPlan && `Implementation plan: ${c.implementationPlan}`,
        c.rollbackPlan && `Rollback plan: ${c.rollbackPlan}`,
        c.testPlan && `Test plan: ${c.testPlan}`,
        c.reviewNotes && `Review: ${c.reviewNotes}`,
        c.rejectionReason && `Rejected: ${c.rejectionReason}`,
      ],
      priority: c.risk ?? '',
      entityRefs: c.entityRefs,
      ownerRef: '',
    });
  },
};

/** @public */
export interface ItsmCollatorFactoryOptions {
  type: ItsmDocumentType;
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials' | 'getPluginRequestToken'>;
  /** Records per API page (1..500). @default 200 */
  pageSize?: number;
}

/**
 * Collates one ITSM record type for the search index, reading the ITSM REST API page by page
 * (cursor pagination) with a plugin-to-plugin token.
 * @public
 */
export class ItsmCollatorFactory implements DocumentCollatorFactory {
  readonly type: ItsmDocumentType;
  readonly visibilityPermission = itsmReadPermission;
  private readonly client: ItsmClient;
  private readonly pageSize: number;

  constructor(private readonly options: ItsmCollatorFactoryOptions) {
    this.type = options.type;
    this.client = new ItsmClient({ discoveryApi: options.discovery });
    this.pageSize = Math.min(Math.max(options.pageSize ?? 200, 1), 500);
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.execute());
  }

  private async token() {
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'itsm',
    });
    return token;
  }

  private async *pages<T>(
    list: (cursor: string | undefined, token: string) => Promise<Page<T>>,
  ) {
    let cursor: string | undefined;
    do {
      const page = await list(cursor, await this.token());
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  async *execute(): AsyncGenerator<ItsmSearchDocument> {
    const limit = this.pageSize;
    const c = this.client;
    switch (this.type) {
      case 'itsm-service':
        for await (const items of this.pages((cursor, token) =>
          c.listServices({ limit, cursor }, { token }),
        )) {
          yield* items.map(itsmDocuments.service);
        }
        return;
      case 'itsm-incident': {
        // Owners of incidents come from their services (one lookup per service).
        const owners = new Map<string, string>();
        for await (const items of this.pages((cursor, token) =>
          c.listServices({ limit, cursor }, { token }),
        )) {
          for (const s of items) owners.set(s.id, s.ownerRef);
        }
        for await (const items of this.pages((cursor, token) =>
          c.listIncidents({ limit, cursor }, { token }),
        )) {
          yield* items.map(i =>
            itsmDocuments.incident(
              i,
              (i.serviceId && owners.get(i.serviceId)) || '',
            ),
          );
        }
        return;
      }
      case 'itsm-problem':
        for await (const items of this.pages((cursor, token) =>
          c.listProblems({ limit, cursor }, { token }),
        )) {
          yield* items.map(itsmDocuments.problem);
        }
        return;
      case 'itsm-change':
        for await (const items of this.pages((cursor, token) =>
          c.listChanges({ limit, cursor }, { token }),
        )) {
          yield* items.map(itsmDocuments.change);
        }
        return;
      default:
        throw new Error(`Unknown ITSM document type ${this.type}`);
    }
  }
}
