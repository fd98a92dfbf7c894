import { joinedKind, type JoinedRule } from './conditions.js';

/** "Xác định đầy đủ nhiệm vụ và có bố trí kinh phí: 1; … hoặc không bố trí kinh phí: 0". */
export type AllRule = JoinedRule<'all'>;

export const allRule = joinedKind('all', 'và');
