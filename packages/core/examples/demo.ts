// Demo: runs the sample cycle through the whole closed loop and prints the explained report.
import { formatReport, runSampleCycle } from './sample-cycle.ts';

console.log(formatReport(runSampleCycle()));
