// The add-on's endpoints (each is a runFunction / action.function URL: PUBLIC_URL + path).
export const PATHS = {
  home: '/addon/home',
  fileScopeGranted: '/addon/file-scope-granted',
  select: '/addon/actions/select',
  requestAccess: '/addon/actions/request-access',
  createScoringSheet: '/addon/actions/create-scoring-sheet',
  importScores: '/addon/actions/import-scores',
  refresh: '/addon/actions/refresh',
  createCalibrationSheet: '/addon/actions/create-calibration-sheet',
} as const;
export type EndpointName = keyof typeof PATHS;

export type Urls = Record<EndpointName, string>;

export function urlsOf(publicUrl: string): Urls {
  return Object.fromEntries(Object.entries(PATHS).map(([k, p]) => [k, `${publicUrl}${p}`])) as Urls;
}
