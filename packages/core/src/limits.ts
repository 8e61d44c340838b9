// Fixed limits of the domain rules that clients state before a request (no zod, so a UI bundle takes them alone).

/** Characters every calibration justification needs (a policy's evidenceMinChars may ask for more). */
export const MIN_JUSTIFICATION_CHARS = 20;
