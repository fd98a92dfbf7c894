import { joinedKind, type JoinedRule } from './conditions.js';

/** "Có … hoặc có …: 1": yes when at least one of the conditions holds. */
export type AnyRule = JoinedRule<'any'>;

export const anyRule = joinedKind('any', 'hoặc');
