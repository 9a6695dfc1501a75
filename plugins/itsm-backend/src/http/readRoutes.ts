import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { ActionContext } from '../app/context';
import { AnyRouteRequest, RouteContext } from './routeContext';

/** A request for the record in the path (`/<records>/:id…`). */
type RecordRequest = AnyRouteRequest & { params: { id: string } };

/** The part of a typed response these handlers use: the JSON answer of the route. */
interface JsonResponse<T> {
  json: (body: T) => unknown;
}

/**
 * The handler of `GET /<records>/:id`: the record as `read` finds it for the caller (the
 * application layer answers 404 for a record the caller may not read).
 */
export function readById<T>(
  { actionContext }: RouteContext,
  read: (id: string, ctx: ActionContext) => Promise<T>,
) {
  return async (req: RecordRequest, res: JsonResponse<T>) => {
    res.json(await read(req.params.id, await actionContext(req)));
  };
}

/** The handler of `GET /<records>/:id/history`: the record's history, oldest first. */
export function readHistory(routes: RouteContext, type: ItsmRecordType) {
  return readById(routes, async (id, ctx) => ({
    items: await routes.app.history(type, id, ctx),
  }));
}
