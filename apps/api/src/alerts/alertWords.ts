// The alerts' own text (topic, preview and a digest's list of people) in English and Simplified Chinese, the organisation's language.
import type { GeneratedLanguage } from '@perfloop/core';

/** Every string an alert's own text is made of, in one language. */
export interface AlertWords {
  days(n: number): string;
  checkInTopic(person: string): string;
  checkInPreview(cycle: string, person: string, dueOn: string): string;
  resultTopic(cycle: string): string;
  resultPreview(cycle: string, dueOn: string): string;
  resultOverduePreview(cycle: string, dueOn: string): string;
  planTopic(cycle: string): string;
  planPreview(cycle: string, dueOn: string, late: string): string;
  reportPlanTopic(person: string): string;
  reportPlanPreview(cycle: string, person: string, dueOn: string, late: string): string;
  incompletePlanTopic(person: string): string;
  noGoalsPlanPreview(cycle: string, person: string, dueOn: string, late: string): string;
  weightsPlanPreview(cycle: string, person: string, total: string, dueOn: string, late: string): string;
  selfAppraisalTopic(cycle: string): string;
  selfAppraisalPreview(cycle: string, dueOn: string, late: string): string;
  managerAppraisalTopic(person: string): string;
  managerAppraisalPreview(cycle: string, person: string, dueOn: string, late: string): string;
  meetingTopic(person: string): string;
  meetingPreview(cycle: string, person: string, dueOn: string, late: string): string;
  meetingFormalityPreview(cycle: string, person: string, dueOn: string): string;
  /** A report named in a digest, with how late (`late`: "12 days"); `formality`: the meeting held was a mere formality. */
  digestEntry(person: string, late: string, formality: boolean): string;
  /** Between two entries of a digest's list of people (the list ends with "…" when it is cut). */
  listSeparator: string;
  checkInsTopic(count: number): string;
  checkInsPreview(cycle: string, people: string): string;
  reportPlansTopic(count: number): string;
  reportPlansPreview(cycle: string, people: string): string;
  incompletePlansTopic(count: number): string;
  incompletePlansPreview(cycle: string, people: string): string;
  managerAppraisalsTopic(count: number): string;
  managerAppraisalsPreview(cycle: string, people: string): string;
  meetingsTopic(count: number): string;
  meetingsPreview(cycle: string, people: string): string;
}

/**
 * The notification's own text (topic and preview; the feed line is the manifest's templateText, which Teams shows in
 * the reader's Teams language from the app package's localization files), in English and Simplified Chinese.
 * `late` is how long past due, in words ("3 days").
 */
export const ALERT_WORDS: Record<GeneratedLanguage, AlertWords> = {
  en: {
    days: (n) => (n === 1 ? '1 day' : `${n} days`),
    checkInTopic: (person) => `Coaching: ${person}`,
    checkInPreview: (cycle, person, dueOn) => `${cycle}: check-in with ${person} was due on ${dueOn}.`,
    resultTopic: (cycle) => `Your result: ${cycle}`,
    resultPreview: (cycle, dueOn) => `Acknowledge your ${cycle} result, or appeal it, by ${dueOn}.`,
    resultOverduePreview: (cycle, dueOn) =>
      `Your ${cycle} result still waits for your acknowledgement (due ${dueOn}).`,
    planTopic: (cycle) => `Your plan: ${cycle}`,
    planPreview: (cycle, dueOn, late) => `Agree your ${cycle} plan: it was due on ${dueOn}, ${late} ago.`,
    reportPlanTopic: (person) => `Plan: ${person}`,
    reportPlanPreview: (cycle, person, dueOn, late) =>
      `${cycle}: ${person}’s plan waits for your agreement; it was due on ${dueOn}, ${late} ago.`,
    incompletePlanTopic: (person) => `Plan to complete: ${person}`,
    noGoalsPlanPreview: (cycle, person, dueOn, late) =>
      `${cycle}: ${person}’s plan has no goals yet; set them and agree it. It was due on ${dueOn}, ${late} ago.`,
    weightsPlanPreview: (cycle, person, total, dueOn, late) =>
      `${cycle}: ${person}’s goal weights total ${total}, not 100; finish the plan and agree it. It was due on ${dueOn}, ${late} ago.`,
    selfAppraisalTopic: (cycle) => `Your self-appraisal: ${cycle}`,
    selfAppraisalPreview: (cycle, dueOn, late) =>
      `Your ${cycle} self-appraisal was due on ${dueOn}, ${late} ago.`,
    managerAppraisalTopic: (person) => `Appraisal: ${person}`,
    managerAppraisalPreview: (cycle, person, dueOn, late) =>
      `${cycle}: your appraisal of ${person} was due on ${dueOn}, ${late} ago.`,
    meetingTopic: (person) => `Feedback meeting: ${person}`,
    meetingPreview: (cycle, person, dueOn, late) =>
      `${cycle}: the feedback meeting with ${person} was due on ${dueOn}, ${late} ago.`,
    meetingFormalityPreview: (cycle, person, dueOn) =>
      `${cycle}: the feedback meeting with ${person} is, as recorded, a mere formality; complete it (due ${dueOn}).`,
    digestEntry: (person, late, formality) => `${person} (${late}${formality ? ', a mere formality' : ''})`,
    listSeparator: ', ',
    checkInsTopic: (count) => `Coaching: ${count} check-ins overdue`,
    checkInsPreview: (cycle, people) => `${cycle}: check-ins overdue with ${people}.`,
    reportPlansTopic: (count) => `Plans: ${count} to agree`,
    reportPlansPreview: (cycle, people) => `${cycle}: plans waiting for your agreement: ${people}.`,
    incompletePlansTopic: (count) => `Plans to complete: ${count}`,
    incompletePlansPreview: (cycle, people) =>
      `${cycle}: plans with no goals yet, or weights not totalling 100, to finish and agree: ${people}.`,
    managerAppraisalsTopic: (count) => `Appraisals: ${count} overdue`,
    managerAppraisalsPreview: (cycle, people) => `${cycle}: your appraisals of ${people} are overdue.`,
    meetingsTopic: (count) => `Feedback meetings: ${count} overdue`,
    meetingsPreview: (cycle, people) => `${cycle}: feedback meetings overdue with ${people}.`,
  },
  'zh-CN': {
    days: (n) => `${n} 天`,
    checkInTopic: (person) => `辅导：${person}`,
    checkInPreview: (cycle, person, dueOn) => `${cycle}：与 ${person} 的辅导沟通应于 ${dueOn} 完成。`,
    resultTopic: (cycle) => `您的考核结果：${cycle}`,
    resultPreview: (cycle, dueOn) => `请在 ${dueOn} 前确认您的 ${cycle} 考核结果，或提出申诉。`,
    resultOverduePreview: (cycle, dueOn) => `您的 ${cycle} 考核结果仍待您确认（截止 ${dueOn}）。`,
    planTopic: (cycle) => `您的绩效计划：${cycle}`,
    planPreview: (cycle, dueOn, late) => `请确认您的 ${cycle} 绩效计划：应于 ${dueOn} 完成，已逾期 ${late}。`,
    reportPlanTopic: (person) => `绩效计划：${person}`,
    reportPlanPreview: (cycle, person, dueOn, late) =>
      `${cycle}：${person} 的绩效计划待您确认，应于 ${dueOn} 完成，已逾期 ${late}。`,
    incompletePlanTopic: (person) => `待完善的绩效计划：${person}`,
    noGoalsPlanPreview: (cycle, person, dueOn, late) =>
      `${cycle}：${person} 的绩效计划尚无目标，请设定目标并确认，应于 ${dueOn} 完成，已逾期 ${late}。`,
    weightsPlanPreview: (cycle, person, total, dueOn, late) =>
      `${cycle}：${person} 的目标权重合计 ${total}，不是 100，请完善并确认绩效计划，应于 ${dueOn} 完成，已逾期 ${late}。`,
    selfAppraisalTopic: (cycle) => `您的自评：${cycle}`,
    selfAppraisalPreview: (cycle, dueOn, late) => `您的 ${cycle} 自评应于 ${dueOn} 提交，已逾期 ${late}。`,
    managerAppraisalTopic: (person) => `经理评价：${person}`,
    managerAppraisalPreview: (cycle, person, dueOn, late) =>
      `${cycle}：您对 ${person} 的经理评价应于 ${dueOn} 提交，已逾期 ${late}。`,
    meetingTopic: (person) => `反馈面谈：${person}`,
    meetingPreview: (cycle, person, dueOn, late) =>
      `${cycle}：与 ${person} 的反馈面谈应于 ${dueOn} 完成，已逾期 ${late}。`,
    meetingFormalityPreview: (cycle, person, dueOn) =>
      `${cycle}：与 ${person} 的反馈面谈按现有记录只是走过场，请完善（截止 ${dueOn}）。`,
    digestEntry: (person, late, formality) => `${person}（${late}${formality ? '，走过场' : ''}）`,
    listSeparator: '、',
    checkInsTopic: (count) => `辅导：${count} 项辅导沟通已逾期`,
    checkInsPreview: (cycle, people) => `${cycle}：与 ${people} 的辅导沟通已逾期。`,
    reportPlansTopic: (count) => `绩效计划：${count} 份待确认`,
    reportPlansPreview: (cycle, people) => `${cycle}：${people} 的绩效计划待您确认。`,
    incompletePlansTopic: (count) => `待完善的绩效计划：${count} 份`,
    incompletePlansPreview: (cycle, people) =>
      `${cycle}：${people} 的绩效计划尚无目标或权重合计不是 100，请完善并确认。`,
    managerAppraisalsTopic: (count) => `经理评价：${count} 份已逾期`,
    managerAppraisalsPreview: (cycle, people) => `${cycle}：您对 ${people} 的经理评价已逾期。`,
    meetingsTopic: (count) => `反馈面谈：${count} 场已逾期`,
    meetingsPreview: (cycle, people) => `${cycle}：与 ${people} 的反馈面谈已逾期。`,
  },
};
