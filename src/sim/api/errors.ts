// Status errors with the API server's own texts (apimachinery/pkg/api/errors).
import { qualifiedResource, type KindInfo } from './kinds';
import type { Status, StatusReason } from './types';

export function status(code: number, reason: StatusReason, message: string, details?: Status['details']): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code };
}

function details(info: KindInfo, name: string): Status['details'] {
  return { name, group: info.group || undefined, kind: info.plural };
}

/** `deployments.apps "web" not found` */
export function notFound(info: KindInfo, name: string): Status {
  return status(404, 'NotFound', `${qualifiedResource(info)} "${name}" not found`, details(info, name));
}

/** `pods "web" already exists` */
export function alreadyExists(info: KindInfo, name: string): Status {
  return status(409, 'AlreadyExists', `${qualifiedResource(info)} "${name}" already exists`, details(info, name));
}

/** The optimistic-concurrency 409 (`store.go` OptimisticLockErrorMsg). */
export function conflict(info: KindInfo, name: string): Status {
  return status(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(info, name),
  );
}

/** `pods "x" is forbidden: <why>` */
export function forbidden(info: KindInfo, name: string, why: string): Status {
  return status(403, 'Forbidden', `${qualifiedResource(info)} "${name}" is forbidden: ${why}`, details(info, name));
}

export function badRequest(message: string): Status {
  return status(400, 'BadRequest', message);
}

export function gone(requestedRv: number, currentRv: number): Status {
  return status(410, 'Expired', `too old resource version: ${requestedRv} (${currentRv})`);
}

export function internalError(message: string): Status {
  return status(500, 'InternalError', `Internal error occurred: ${message}`);
}
