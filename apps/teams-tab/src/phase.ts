// Phase order of a cycle: has it reached a phase yet?
import { type Cycle, PHASES, type Phase } from './api/types.ts';

export function reached(cycle: Pick<Cycle, 'phase'>, phase: Phase): boolean {
  return PHASES.indexOf(cycle.phase) >= PHASES.indexOf(phase);
}
