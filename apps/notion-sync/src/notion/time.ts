// Notion time: created/last-edited times are rounded down to the minute.
export const floorMinute = (ms: number): number => Math.floor(ms / 60_000) * 60_000;
