// Operations of the OpenAPI document the roles matrix cannot walk, each with why (the coverage test needs one or the other).

/** `METHOD /path` with path parameters written `{}` → the reason it has no matrix cells. */
export const NOT_IN_MATRIX: Readonly<Record<string, string>> = {};
