import { z } from 'zod';

/**
 * `GET /api/staff/workbench/counts`: what waits for the signed-in staff member, for the workbench tiles'
 * badges. Scoped as the queues behind the tiles are (department, halls, duties); a count absent means
 * the tile's work is not theirs (no hall, no duty), 0 means nothing waits.
 */
export const workbenchCountsSchema = z.object({
  /** 办件: submitted cases to pre-review (待预审). */
  prereview: z.number().int().optional(),
  /** 办件: running cases past their due date (超期). */
  overdueCases: z.number().int().optional(),
  /** 预约签到: today's bookings in the staff member's halls not checked in yet (待签到). */
  checkInToday: z.number().int().optional(),
  /** 咨询答复: open consultations (待答复). */
  openConsultations: z.number().int().optional(),
  /** 投诉: complaints waiting for the desk (待派单). */
  complaintsToDispatch: z.number().int().optional(),
  /** 差评整改: callbacks and rectifications not done (待整改). */
  rectifications: z.number().int().optional(),
});
export type WorkbenchCounts = z.infer<typeof workbenchCountsSchema>;
