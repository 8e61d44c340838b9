// Request and response schemas of integration state entries, atomic state batches and leases.
import { z } from '@hono/zod-openapi';
import { pageSchema, queryInteger, ResourceMeta } from '../../kit/index.ts';

/** Largest value of one entry, as JSON text. */
export const MAX_VALUE_BYTES = 64 * 1024;
export const MAX_BATCH_WRITES = 500;
/** Largest page of state entries (`limit`). */
export const MAX_STATE_PAGE_SIZE = 1000;

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;
const keyMessage =
  'must be 1–200 characters: letters, digits and _ . : @ - (starting with a letter or digit)';

export const IntegrationParams = z.strictObject({
  integration: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/)
    .openapi({ param: { name: 'integration', in: 'path' }, example: 'notion' }),
});
export const StateKey = z.string().regex(KEY, keyMessage).openapi({ example: 'goal:gol_0abc123def456ghi' });
export const LeaseName = z.string().regex(KEY, keyMessage).openapi({ example: 'sync' });
export const StateKeyParams = IntegrationParams.extend({
  key: StateKey.openapi({ param: { name: 'key', in: 'path' } }),
});
export const LeaseParams = IntegrationParams.extend({
  name: LeaseName.openapi({ param: { name: 'name', in: 'path' } }),
});

export const StateValue = z
  .record(z.string(), z.unknown())
  .refine((v) => Buffer.byteLength(JSON.stringify(v)) <= MAX_VALUE_BYTES, {
    message: `must be at most ${MAX_VALUE_BYTES} bytes as JSON`,
  })
  .openapi({ description: 'Any JSON object the integration keeps (at most 64 KiB as JSON).' });

/** What a state record's `data` holds. `deleted` entries are tombstones: versions never restart. */
export const StoredEntrySchema = z.object({
  integration: z.string(),
  key: z.string(),
  value: z.record(z.string(), z.unknown()).nullable(),
  deleted: z.boolean().default(false),
});
export type StoredEntry = z.infer<typeof StoredEntrySchema>;

export const StateEntry = z
  .object({ key: StateKey, value: z.record(z.string(), z.unknown()), ...ResourceMeta })
  .openapi('IntegrationStateEntry');
export type StateEntryBody = z.infer<typeof StateEntry>;
export const StatePage = pageSchema(StateEntry, 'IntegrationStatePage');

export const StateQuery = z.strictObject({
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9_.:@-]{0,200}$/, 'must be at most 200 of the characters keys are made of')
    .optional()
    .openapi({ param: { name: 'prefix', in: 'query' }, description: 'Only keys starting with this.' }),
  limit: queryInteger(1, MAX_STATE_PAGE_SIZE, 'Page size (default 500).')
    .default(500)
    .openapi({ param: { name: 'limit', in: 'query' } }),
  // A page ends at a key: the cursor is one (anything else, a NUL byte included, is 400 before the database).
  cursor: StateKey.optional().openapi({
    param: { name: 'cursor', in: 'query' },
    description: 'The previous page’s `nextCursor` (the last key it held).',
  }),
});

export const StatePut = z.strictObject({ value: StateValue }).openapi('IntegrationStatePut');

export const ConditionalHeaders = z.object({
  'if-match': z.string().optional().openapi({ description: 'Update: the ETag you read.', example: '"3"' }),
  'if-none-match': z
    .string()
    .optional()
    .openapi({ description: 'Create: `*` (the key must not exist).', example: '*' }),
});

const LeaseFence = z
  .strictObject({
    name: LeaseName,
    token: z.number().int().min(1).openapi({ description: 'The fencing token of your lease.' }),
  })
  .openapi('IntegrationLeaseFence');

const StateWrite = z
  .strictObject({
    key: StateKey,
    ifVersion: z.number().int().min(1).nullable().openapi({
      description: 'The version you read, or null when the key must not exist yet.',
    }),
    value: StateValue.optional(),
    delete: z.literal(true).optional(),
  })
  .refine((w) => (w.value === undefined) !== (w.delete === undefined), {
    message: 'send either value or delete: true',
  })
  .refine((w) => w.delete === undefined || w.ifVersion !== null, {
    message: 'a delete names the version it removes (ifVersion)',
    path: ['ifVersion'],
  });

export const StateBatch = z
  .strictObject({
    writes: z
      .array(StateWrite)
      .min(1)
      .max(MAX_BATCH_WRITES)
      .refine((ws) => new Set(ws.map((w) => w.key)).size === ws.length, { message: 'keys must not repeat' }),
    lease: LeaseFence.optional().openapi({
      description: 'Commit only while this lease is held with this token (409 `lease_lost` otherwise).',
    }),
  })
  .openapi('IntegrationStateBatch');

export const StateBatchResult = z
  .object({
    entries: z.array(
      z.object({
        key: StateKey,
        version: z
          .number()
          .int()
          .openapi({ description: 'The new version (of the tombstone when deleted).' }),
        deleted: z.boolean(),
      }),
    ),
  })
  .openapi('IntegrationStateBatchResult');

export const LeaseAcquire = z
  .strictObject({
    holder: z.string().trim().min(1).max(200).openapi({ example: 'notion-sync@host-1#4242' }),
    ttlSeconds: z.number().int().min(1).max(3600).openapi({ example: 60 }),
  })
  .openapi('IntegrationLeaseAcquire');

export const StoredLeaseSchema = z.object({
  integration: z.string(),
  name: z.string(),
  holder: z.string(),
  token: z.number().int().min(1),
  acquiredAt: z.string(),
  expiresAt: z.string(),
});
export type StoredLease = z.infer<typeof StoredLeaseSchema>;

export const Lease = z
  .object({
    name: LeaseName,
    holder: z.string(),
    token: z.number().int().openapi({
      description: 'Fencing token: grows with every new holder (not with renewals).',
    }),
    acquiredAt: z.string(),
    expiresAt: z.string(),
    acquired: z
      .boolean()
      .openapi({ description: 'True when this call took the lease; false for a renewal.' }),
    version: z.number().int(),
  })
  .openapi('IntegrationLease');
