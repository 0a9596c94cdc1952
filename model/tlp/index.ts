// Public surface of model/tlp: import from here (or from the individual modules).
export * from './types.js';
export { TlpError } from './errors.js';
export * from './build.js';
export { encodeTlp, decodeTlp, tlpToHdr, hdrToTlp, hdrToTlpUnchecked, headerDw } from './codec.js';
export { payloadBeats, beatsToPayload, type Beat } from './beats.js';
export { describeTlp, diffTlp, hexAddr, bdf } from './describe.js';
export { checkTlp, checkByteEnables, checkNo4kCrossing } from './rules.js';
