// A Teams deep link's sub-page (the context's `page.subPageId`, the link's `context.subEntityId`): the tab page it opens on.
import { VIEWS } from '../routes.ts';

const PAGE_NAMES = VIEWS.map((v) => v.name).join('|');
/** `team?cycle=…&person=…#team-checkin`: a view, an optional query and an optional section. */
const SUB_PAGE = new RegExp(`^(?:${PAGE_NAMES})(?:\\?[^#\\s]*)?(?:#[\\w-]+)?$`);

/**
 * The `/teams/…` URL a sub-page id names (as the API's activity-feed alerts set it), or null when it names none or
 * it is the page already shown (`current`: path, query and hash). Anything else (another app's value) is ignored.
 */
export function subPageUrl(subPageId: string | null | undefined, current: string): string | null {
  if (!subPageId || !SUB_PAGE.test(subPageId)) return null;
  const target = `/teams/${subPageId}`;
  return target === current ? null : target;
}
