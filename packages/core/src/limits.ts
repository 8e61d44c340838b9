// Fixed limits of the domain rules that clients state before a request (no zod, so a UI bundle takes them alone).

/** Characters every calibration justification needs (a policy's evidenceMinChars may ask for more). */
export const MIN_JUSTIFICATION_CHARS = 20;

/**
 * The most characters each free-text field takes (zod's `.max`: UTF-16 units, after trimming where the schema trims).
 * The one source of these numbers: core's schemas, the API's request bodies and the clients' forms (maxLength and
 * their counters) all read them here, so a form never accepts what the API then refuses.
 */
export const TEXT_LIMITS = Object.freeze({
  /** A name or title: a cycle, a calibration session, a goal, a plan template. */
  name: 200,
  /** A KPI goal's unit ("k€", "%", "tickets"). */
  goalUnit: 32,
  /** A goal's description, and a competency goal's expectations. */
  goalText: 5_000,
  /** A check-in's notes (guidance note, meeting notes, progress note). */
  checkInNotes: 10_000,
  /** Each field of the coaching feedback form: strengths, improvements, support needed, next steps. */
  coachingForm: 10_000,
  /** A goal update's progress note within a check-in. */
  progressNote: 2_000,
  /** The feedback meeting's summary, strengths and improvements. */
  meetingText: 10_000,
  /** One agreed action of a feedback meeting. */
  agreedAction: 1_000,
  /** The employee's comment when acknowledging a result. */
  acknowledgementComment: 5_000,
  /** An appeal's reason, and the note resolving it. */
  appealText: 10_000,
  /** A review rating's comment and its evidence. */
  ratingText: 10_000,
  /** A review's summary. */
  reviewSummary: 20_000,
  /** A calibration move's justification. */
  justification: 5_000,
  /** A target adjustment's reason, and the note deciding it. */
  adjustmentReason: 2_000,
  /** A target adjustment's evidence. */
  adjustmentEvidence: 5_000,
  /** The message of a feedback request. */
  feedbackMessage: 5_000,
  /** Why a feedback request was declined or cancelled. */
  feedbackReason: 2_000,
  /** A gap attribution's note. */
  gapNote: 2_000,
  /** The reason for moving a cycle on past its guards, withdrawing someone, or correcting an agreed goal. */
  reason: 2_000,
});

export type TextLimit = keyof typeof TEXT_LIMITS;

/** The most agreed actions a feedback meeting holds (each within TEXT_LIMITS.agreedAction). */
export const MAX_AGREED_ACTIONS = 50;
