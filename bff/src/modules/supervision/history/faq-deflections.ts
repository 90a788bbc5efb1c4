import type { FaqDeflectionRecord } from '../../consultations/models/faq.model';
import type { HistoryContext } from './context';
import { drawCumulative } from './random';
import { officeTime } from './time';

/** A published FAQ entry as a deflection needs it: its id and the items it is attached to. */
export interface DeflectingFaq {
  id: string;
  items: string[];
}

/**
 * One person stopped before asking, as the FAQ service records it (`faq.service.ts`, 我要咨询 →
 * a suggestion answered them): on `day`, in office hours, mostly about an item drawn by popularity.
 * The FAQ entry is one attached to that item when it has any, else a general one (none when the
 * database has no FAQ yet).
 */
export function generateDeflection(
  ctx: HistoryContext,
  faqs: { byItem: Map<string, DeflectingFaq[]>; general: DeflectingFaq[] },
  day: string,
): FaqDeflectionRecord {
  const { rng } = ctx;
  // Asked from an item's guide 4 times in 5 (as consultations are), else from 首页 / 我的.
  const item = rng.chance(0.8) ? ctx.items[drawCumulative(rng, ctx.itemWeights)]! : undefined;
  const attached = item ? faqs.byItem.get(item.code) : undefined;
  const faq = attached?.length
    ? rng.pick(attached)
    : faqs.general.length
      ? rng.pick(faqs.general)
      : undefined;
  return {
    at: officeTime(rng, day),
    userId: rng.pick(ctx.people).id,
    ...(faq ? { faqId: faq.id } : {}),
    ...(item ? { itemCode: item.code } : {}),
  };
}

/** The published entries by the items they answer for, and those attached to no item. */
export function indexFaqs(entries: Array<{ _id: unknown; items?: string[] }>) {
  const byItem = new Map<string, DeflectingFaq[]>();
  const general: DeflectingFaq[] = [];
  for (const e of entries) {
    const faq = { id: String(e._id), items: e.items ?? [] };
    if (!faq.items.length) general.push(faq);
    for (const code of faq.items) byItem.set(code, [...(byItem.get(code) ?? []), faq]);
  }
  return { byItem, general };
}
