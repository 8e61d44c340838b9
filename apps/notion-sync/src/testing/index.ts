// @perfloop/notion-sync/testing: reading what the worker wrote to Notion (page properties, check-in blocks) in tests.
export { marker, markersIn } from '../sync/checkInBlocks.ts';
export { plainValue } from './values.ts';
