// Where a result stands after its feedback meeting (acknowledged, appealed, resolved) said about someone else (My
// team) and an appeal's outcome, in the tab's language from their codes.
import type { FeedbackMeeting } from '../api/types.ts';
import type { Translate } from '../i18n/index.tsx';

type Acknowledgement = FeedbackMeeting['acknowledgement'];

export interface AppealWords {
  t: Translate;
  date: (iso: string | null | undefined) => string;
}

/** The outcome of a resolved appeal ("upheld" / "changed"); '' when there is none. */
export function outcomeText(t: Translate, outcome: Acknowledgement['outcome']): string {
  return outcome ? t(`me.outcome.${outcome}`) : '';
}

/** "Ben Okafor appealed on Dec 6, 2026; HR will resolve it." — the acknowledgement of `name`'s result. */
export function ackTextFor(w: AppealWords, ack: Acknowledgement, name: string): string {
  return w.t(`appeals.team.${ack.status}`, {
    name,
    date: w.date(ack.at),
    outcome: outcomeText(w.t, ack.outcome),
  });
}
