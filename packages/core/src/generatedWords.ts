// Texts core writes into people's own records (a drafted goal's title and expectations), in the organisation's language.
import { z } from 'zod';

/** The languages core writes such texts in (the Teams tab's languages). */
export const GeneratedLanguageSchema = z.enum(['en', 'zh-CN']);
export type GeneratedLanguage = z.infer<typeof GeneratedLanguageSchema>;

/** A BCP 47 tag (an organisation's `locale`) → its language: `zh`, `zh-CN`, `zh-Hans…`, `zh-SG` → zh-CN, else en. */
export function generatedLanguageOf(tag: string | null | undefined): GeneratedLanguage {
  const t = (tag ?? '').toLowerCase();
  return t === 'zh' || t.startsWith('zh-cn') || t.startsWith('zh-hans') || t.startsWith('zh-sg')
    ? 'zh-CN'
    : 'en';
}

/**
 * A "Build skill" development goal's title and expectations for the goal titled `goalTitle`, which reached
 * `percent` (e.g. "60%") of its target. Written once, when the goal is drafted: the goal is then its owner's text.
 */
export function buildSkillWords(
  language: GeneratedLanguage,
  goalTitle: string,
  percent: string,
): { title: string; expectations: string } {
  if (language === 'zh-CN') {
    return {
      title: `培养技能：${goalTitle}`,
      expectations: `弥补“${goalTitle}”背后的技能差距（上个周期达成目标的 ${percent}）。`,
    };
  }
  return {
    title: `Build skill: ${goalTitle}`,
    expectations: `Close the skill gap behind "${goalTitle}" (${percent} of target last cycle).`,
  };
}
