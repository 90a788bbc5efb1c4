import { z } from 'zod';

/** Query-string paging: strings from the URL are coerced; bounds keep a page cheap to serve. */
export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1, '页码须为正整数').default(1),
  pageSize: z.coerce.number().int().min(1, '每页条数至少为 1').max(100, '每页条数最多为 100').default(20),
});

export function pagedSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
