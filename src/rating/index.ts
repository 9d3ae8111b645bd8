/** The pure rating engine (RULES.md 1-5): amounts, voice, decks, bands, holidays, tiers, allowances. */
export * from './amount.ts';
export * from './voice.ts';
export * from './deck.ts';
export * from './zone.ts';
export { Bands, bandAt, compileBands, isBandsProblems, WEEKDAYS, type Band, type BandsDefinition, type PeakWindow, type PeakWindowDefinition, type Weekday } from './bands.ts';
export * from './holidays.ts';
export * from './tiers.ts';
export * from './allowance.ts';
export * from './rate-voice.ts';
