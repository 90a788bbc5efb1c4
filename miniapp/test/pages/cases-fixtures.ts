// Case builders shared by cases.test.tsx and cases-staff.test.tsx (not a test file itself).
import type { CaseDetail, CaseSummary } from '@app/shared';

export const CASE_ID = 'cccccccccccccccccccccccc';
export const TASK_ID = 'dddddddddddddddddddddddd';

export function caseSummary(overrides: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: CASE_ID,
    number: 'JX-20260310-000001',
    itemCode: 'JX-BDC-0001',
    itemName: '不动产转移登记',
    department: 'ZRZY',
    departmentName: '市自然资源局',
    status: 'in_progress',
    statusLabel: '办理中',
    applicantName: '张*丰',
    submittedAt: '2026-03-10T02:00:00.000Z',
    updatedAt: '2026-03-11T02:00:00.000Z',
    dueDate: '2026-03-17',
    dueSoon: false,
    overdue: false,
    tripsTaken: 0,
    maxTrips: 1,
    openTasks: [],
    openTaskNames: [],
    ...overrides,
  };
}

export function caseDetail(overrides: Partial<CaseDetail> = {}): CaseDetail {
  return {
    ...caseSummary(),
    status: 'submitted',
    statusLabel: '已申报（待预审）',
    dueDate: null,
    version: 1,
    formFields: {},
    corrections: [],
    deadline: {
      limitDays: 5,
      dueDate: null,
      paused: false,
      pausedWorkingDays: 0,
      pauses: [],
      remainingWorkingDays: null,
      dueSoon: false,
      overdue: false,
    },
    tasks: [],
    stillWorkingNames: [],
    owed: [],
    owedBy: null,
    trips: { taken: 0, allowed: 1, met: true, trips: [] },
    materials: [
      {
        index: 0,
        name: '不动产登记申请书',
        requirement: 'required',
        state: 'uploaded',
        stateLabel: '已上传',
        files: [],
      },
      {
        index: 1,
        name: '身份证明',
        requirement: 'waivable',
        state: 'missing',
        stateLabel: '待提交',
        files: [],
      },
    ],
    missing: [{ index: 1, name: '身份证明' }],
    timeline: [
      {
        at: '2026-03-10T02:00:00.000Z',
        kind: 'apply',
        label: '提交申请',
        to: 'submitted',
        actor: { role: 'citizen', roleLabel: '申请人' },
      },
    ],
    stillWorking: ['ZRZY'],
    allowedActions: [],
    ...overrides,
  };
}
