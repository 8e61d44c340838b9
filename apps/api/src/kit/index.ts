// The resource kit: everything a route module needs (see README.md in this folder).

export { type CsvRecord, type CsvResult, parseCsv } from './csv.ts';
export { decodeCursor, encodeCursor } from './cursor.ts';
export { domainProblem } from './domain.ts';
export {
  etag,
  type IfMatch,
  parseIfMatch,
  requireIfMatch,
  requireIfMatchTags,
  staleTag,
  staleVersion,
} from './etag.ts';
export { idempotencyPrincipal, REPLAYED_HEADER } from './idempotency.ts';
export { ID_PREFIXES, newId, newOpaqueId } from './ids.ts';
export { createKit, type Kit } from './kit.ts';
export {
  createdHeaders,
  createdResponse,
  EtagHeaders,
  IDEMPOTENCY_KEY,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type ProblemStatus,
  pathId,
  problems,
  ResourceMeta,
  resourceResponse,
} from './openapi.ts';
export {
  DEFAULT_PAGE_SIZE,
  fromStorePage,
  MAX_PAGE_SIZE,
  type Page,
  PageCursor,
  type PageParams,
  PageQuery,
  pageCursor,
  pageSchema,
  paginate,
} from './pagination.ts';
export {
  isQueryInteger,
  QUERY_INTEGER_FORMAT,
  QUERY_INTEGER_PATTERN,
  queryInteger,
} from './queryInteger.ts';
export { type Reply, reply, send } from './reply.ts';
export { actionName, diff, singular, summarise } from './summary.ts';
export { canRead, getVisible, listVisible, type VisibleFilter } from './visibility.ts';
export {
  type ChangeOptions,
  createWrite,
  type RecordedChange,
  translateStoreError,
  type Write,
} from './write.ts';
