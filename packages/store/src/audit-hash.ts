// The audit hash chain: hash = sha256(prev_hash + canonical JSON of the entry's content).
import { createHash } from 'node:crypto';
import { canonicalJson } from './json.ts';

/** prev_hash of an organisation's first audit entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedContent {
  orgId: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  resourceKind: string | null;
  resourceId: string | null;
  data: unknown;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function auditHash(prevHash: string, content: HashedContent): string {
  return auditHashOf(prevHash, content, canonicalJson(content.data));
}

/**
 * auditHash with the entry's data already in canonical JSON (`dataText`), so appending serialises it
 * once. The text hashed is exactly `canonicalJson(content)`: the keys in sorted order.
 */
export function auditHashOf(
  prevHash: string,
  content: Omit<HashedContent, 'data'>,
  dataText: string,
): string {
  const { orgId, seq, at, actor, action, resourceKind, resourceId } = content;
  const text =
    `{"action":${canonicalJson(action)},"actor":${canonicalJson(actor)},"at":${canonicalJson(at)},` +
    `"data":${dataText},"orgId":${canonicalJson(orgId)},"resourceId":${canonicalJson(resourceId)},` +
    `"resourceKind":${canonicalJson(resourceKind)},"seq":${canonicalJson(seq)}}`;
  return sha256Hex(prevHash + text);
}
