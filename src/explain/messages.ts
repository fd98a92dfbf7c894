import type { Message, MessageData, MessageId } from '../core/messages.js';
import { foldText } from '../core/text.js';
import type { Status, UnitStatus } from '../core/report.js';
import { messagesEn } from './messages.en.js';
import { messagesVi } from './messages.vi.js';
import { formatter, type Formatter, type Lang } from './numbers.js';

/** One phrase per message id, in each language; the type makes every catalog complete. */
export type MessageCatalog = { [K in MessageId]: (data: MessageData[K], f: Formatter, say: (inner: Message) => string) => string };

const catalogs: Record<Lang, MessageCatalog> = { vi: messagesVi, en: messagesEn };

export function messageText(m: Message, lang: Lang): string {
  return (catalogs[lang][m.id] as (data: unknown, f: Formatter, say: (inner: Message) => string) => string)(m.data, formatter(lang), (inner) => messageText(inner, lang));
}

const STATUS: Record<Lang, Record<Status, string>> = {
  vi: {
    met: 'đạt',
    partial: 'đạt một phần',
    not_met: 'không đạt',
    not_applicable: 'không áp dụng',
    no_evidence: 'không có minh chứng',
    insufficient_data: 'chưa đủ dữ liệu',
    invalid: 'minh chứng không hợp lệ',
  },
  en: {
    met: 'met',
    partial: 'partly met',
    not_met: 'not met',
    not_applicable: 'not applicable',
    no_evidence: 'no evidence',
    insufficient_data: 'insufficient data',
    invalid: 'invalid evidence',
  },
};

export function statusText(status: Status, lang: Lang): string {
  return STATUS[lang][status];
}

const UNRANKED: Record<Lang, Record<UnitStatus, string>> = {
  vi: { no_data: 'chưa xếp hạng: không có dữ liệu', no_max: 'chưa xếp hạng: không có tiêu chí áp dụng', ranked: '' },
  en: { no_data: 'unranked: no data', no_max: 'unranked: nothing applies', ranked: '' },
};

/** Why a unit has no rank ("chưa xếp hạng: không có dữ liệu"); empty for a ranked unit. */
export function unrankedText(status: UnitStatus, lang: Lang): string {
  return UNRANKED[lang][status];
}

/** The status a text names, in either language or as its key ("không áp dụng", "not applicable", "not_applicable"). */
export function statusNamed(text: string): Status | undefined {
  const key = foldText(text.replace(/_/g, ' '));
  for (const lang of ['vi', 'en'] as const) {
    for (const [status, words] of Object.entries(STATUS[lang]) as Array<[Status, string]>) {
      if (foldText(words) === key || foldText(status.replace(/_/g, ' ')) === key) return status;
    }
  }
  return undefined;
}
