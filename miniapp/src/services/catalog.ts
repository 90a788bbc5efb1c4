import {
  departmentListResponseSchema,
  hallListResponseSchema,
  itemListResponseSchema,
  reformStatsResponseSchema,
  serviceItemDetailSchema,
  synonymListResponseSchema,
  synonymSchema,
  themeListResponseSchema,
  type Department,
  type Hall,
  type ItemListResponse,
  type ReformStats,
  type ServiceItemDetail,
  type Synonym,
  type SynonymInput,
  type Theme,
} from '@app/shared';
import { apiRequest } from './api-client';

/** Filters of `GET /api/items` as the pages hold them (strings from the URL are already typed here). */
export interface ItemFilters {
  q?: string;
  department?: string;
  theme?: string;
  maxTrips?: number;
  online?: boolean;
  page?: number;
  pageSize?: number;
}

export function listItems(filters: ItemFilters = {}): Promise<ItemListResponse> {
  return apiRequest({
    path: '/api/items',
    schema: itemListResponseSchema,
    query: {
      q: filters.q?.trim(),
      department: filters.department,
      theme: filters.theme,
      maxTrips: filters.maxTrips,
      online: filters.online ? 'true' : undefined,
      page: filters.page,
      pageSize: filters.pageSize,
    },
  });
}

export function getItem(code: string): Promise<ServiceItemDetail> {
  return apiRequest({ path: `/api/items/${encodeURIComponent(code)}`, schema: serviceItemDetailSchema });
}

export async function listDepartments(): Promise<Department[]> {
  return (await apiRequest({ path: '/api/departments', schema: departmentListResponseSchema })).items;
}

export async function listThemes(): Promise<Theme[]> {
  return (await apiRequest({ path: '/api/themes', schema: themeListResponseSchema })).items;
}

export async function listHalls(): Promise<Hall[]> {
  return (await apiRequest({ path: '/api/halls', schema: hallListResponseSchema })).items;
}

export function getReformStats(): Promise<ReformStats> {
  // Loose: the public satisfaction share (issue 14) arrives as an extra field, read by publicSatisfactionOf.
  return apiRequest({ path: '/api/stats/reform', schema: reformStatsResponseSchema.loose() });
}

/** The public satisfaction share of `/api/stats/reform`: a share 0…1 and, when given, how many ratings. */
export interface PublicSatisfaction {
  share: number;
  total?: number;
}

const shareIn = (v: unknown): number | undefined =>
  typeof v === 'number' && v >= 0 && v <= 1 ? v : undefined;
const countIn = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;

/**
 * Read defensively (the field is new): `satisfaction` as a share or as `{ share | value, total | count }`,
 * or `satisfactionShare`. Undefined when there is none (no ratings yet): the page then shows nothing.
 */
export function publicSatisfactionOf(stats: ReformStats): PublicSatisfaction | undefined {
  const raw = stats as ReformStats & { satisfaction?: unknown; satisfactionShare?: unknown };
  const s = raw.satisfaction;
  const direct = shareIn(s) ?? shareIn(raw.satisfactionShare);
  if (direct !== undefined) return { share: direct };
  if (s && typeof s === 'object') {
    const o = s as Record<string, unknown>;
    const share = shareIn(o.share) ?? shareIn(o.value);
    if (share === undefined) return undefined;
    const total = countIn(o.total) ?? countIn(o.count) ?? countIn(o.rated);
    return total === undefined ? { share } : { share, total };
  }
  return undefined;
}

/** 同义词表 (admins): what people type and what search should also find. */
export async function listSynonyms(): Promise<Synonym[]> {
  return (await apiRequest({ path: '/api/admin/synonyms', schema: synonymListResponseSchema })).items;
}

export function saveSynonym(input: SynonymInput, id?: string): Promise<Synonym> {
  return apiRequest({
    path: id ? `/api/admin/synonyms/${encodeURIComponent(id)}` : '/api/admin/synonyms',
    method: id ? 'PUT' : 'POST',
    schema: synonymSchema,
    data: input,
  });
}

export function deleteSynonym(id: string): Promise<Synonym> {
  return apiRequest({
    path: `/api/admin/synonyms/${encodeURIComponent(id)}`,
    method: 'DELETE',
    schema: synonymSchema,
  });
}
