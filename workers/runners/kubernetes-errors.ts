/**
 * Maps a failure of the Kubernetes API to Stemma's errors, so that callers see the same
 * error codes whichever runner they use.
 */
import { ApiException } from '@kubernetes/client-node';
import {
  ConflictError,
  ForbiddenError,
  InvalidArgumentError,
  NotFoundError,
  UnauthenticatedError,
  UnavailableError,
  type StemmaError,
} from '../../core/errors.js';

/** `action` says what was being done, e.g. `create Job stemma-edges-a3f1-x`. */
export function mapKubernetesError(err: unknown, action: string): StemmaError {
  const details = { action, status: err instanceof ApiException ? err.code : undefined };
  const options = { cause: err };
  if (!(err instanceof ApiException)) {
    const reason = err instanceof Error ? err.message : String(err);
    return new UnavailableError(`Kubernetes API unreachable (${action}): ${reason}; check the kubeconfig or the pod's service account`, details, options);
  }
  const said = apiMessage(err);
  switch (err.code) {
    case 400:
    case 422:
      return new InvalidArgumentError(`Kubernetes rejected the request (${action}): ${said}`, details, options);
    case 401:
      return new UnauthenticatedError(`Kubernetes refused the credentials (${action}): ${said}`, details, options);
    case 403:
      return new ForbiddenError(`Kubernetes forbids it (${action}): ${said}; grant the service account rights on Jobs and Pods`, details, options);
    case 404:
      return new NotFoundError(`Kubernetes has no such object (${action}): ${said}`, details, options);
    case 409:
      return new ConflictError(`Kubernetes object exists already (${action}): ${said}`, details, options);
    default:
      return new UnavailableError(`Kubernetes API failed with ${err.code} (${action}): ${said}`, details, options);
  }
}

function apiMessage(err: ApiException<unknown>): string {
  const body = err.body;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { message?: unknown };
      if (typeof parsed.message === 'string') return parsed.message;
    } catch {
      return body.slice(0, 500);
    }
  }
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') return (body as { message: string }).message;
  return err.message;
}
