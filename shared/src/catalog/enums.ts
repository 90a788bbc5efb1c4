import { z } from 'zod';

/** 事项类型 */
export const ITEM_KINDS = ['行政权力', '公共服务'] as const;
export const itemKindSchema = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof itemKindSchema>;

/** 事项层级 */
export const ITEM_LEVELS = ['市', '县区', '乡镇街道'] as const;
export const itemLevelSchema = z.enum(ITEM_LEVELS);
export type ItemLevel = z.infer<typeof itemLevelSchema>;

/** 材料形式: 原件 / 复印件 / 原件和复印件 / 电子件 */
export const MATERIAL_FORMS = ['原件', '复印件', '原件和复印件', '电子件'] as const;
export const materialFormSchema = z.enum(MATERIAL_FORMS);
export type MaterialForm = z.infer<typeof materialFormSchema>;

/**
 * How a material is handled:
 * - required: the applicant must provide it
 * - waivable: may be supplied later under 容缺受理
 * - shared: obtained by data sharing, the applicant need not bring it (免提交)
 * - cancelled: dropped by the 证明材料取消清单 (已取消)
 */
export const MATERIAL_REQUIREMENTS = ['required', 'waivable', 'shared', 'cancelled'] as const;
export const materialRequirementSchema = z.enum(MATERIAL_REQUIREMENTS);
export type MaterialRequirement = z.infer<typeof materialRequirementSchema>;

export const MATERIAL_REQUIREMENT_LABELS: Record<MaterialRequirement, string> = {
  required: '必须提交',
  waivable: '容缺',
  shared: '免提交',
  cancelled: '已取消',
};

/** Publication state of an item: draft until published in a batch (分批公布). */
export const ITEM_STATUSES = ['draft', 'published'] as const;
export const itemStatusSchema = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof itemStatusSchema>;

/** Window types in a hall (一窗受理 and friends). */
export const WINDOW_TYPES = ['综合受理', '综合咨询', '部门窗口'] as const;
export const windowTypeSchema = z.enum(WINDOW_TYPES);
export type WindowType = z.infer<typeof windowTypeSchema>;

/** The reform's own label for an item's trip count. */
export function tripsLabel(maxTrips: number): string {
  if (maxTrips <= 0) return '零跑腿';
  if (maxTrips === 1) return '最多跑一次';
  return `最多跑${maxTrips}次`;
}

/** The plan's target: 70% of items at most one trip by year end. */
export const REFORM_TARGET_SHARE = 0.7;
