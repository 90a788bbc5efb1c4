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
  return apiRequest({ path: '/api/stats/reform', schema: reformStatsResponseSchema });
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
