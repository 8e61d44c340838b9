// axe-core in a page: the accessibility suite's scan, with Fluent's Tabster dummies left out of aria-hidden-focus only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * Fluent UI's focus manager (Tabster) puts `<i data-tabster-dummy aria-hidden tabindex=0>` around arrow-key groups
 * such as TabList; they hand focus on at once. axe reports them as aria-hidden-focus; Fluent closed this "By Design"
 * (microsoft/fluentui#27517) and Microsoft's own Accessibility Insights suppresses exactly these nodes
 * (accessibility-insights-web#7605). So aria-hidden-focus skips elements that are themselves Tabster dummies (axe's
 * own selector for the rule, narrowed); an aria-hidden element that merely contains one, and every other rule on the
 * dummies, still count.
 */
export const ARIA_HIDDEN_FOCUS_SELECTOR = '[aria-hidden="true"]:not([data-tabster-dummy])';

type Axe = {
  configure(spec: { rules: { id: string; selector: string }[] }): void;
  run(context: Document, options: object): Promise<{ violations: Violation[] }>;
};

/** Runs axe-core over the page; `raw` keeps axe's stock rules (to show what the narrowing leaves out). */
export async function scan(page: Page, options: { raw?: boolean } = {}): Promise<Violation[]> {
  // A fresh axe each time (the source redefines window.axe), so a raw scan never inherits the narrowing.
  await page.evaluate(axeSource);
  return page.evaluate(
    async ({ selector, raw }) => {
      const axe = (window as unknown as { axe: Axe }).axe;
      if (!raw) axe.configure({ rules: [{ id: 'aria-hidden-focus', selector }] });
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    },
    { selector: ARIA_HIDDEN_FOCUS_SELECTOR, raw: options.raw ?? false },
  );
}
