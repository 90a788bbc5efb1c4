/**
 * Stable machine codes for every failure the BFF reports, with the Chinese sentence a person sees.
 * Clients switch on `code`; `message` is for people and may be reworded.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: '提交的信息有误，请检查后重试' },
  BAD_JSON: { status: 400, message: '请求内容不是有效的 JSON' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的内容类型' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  NOT_FOUND: { status: 404, message: '请求的内容不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持该请求方式' },
  CONFLICT: { status: 409, message: '操作与当前状态冲突' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  ITEM_NOT_FOUND: { status: 404, message: '未找到该服务事项' },
  HALL_NOT_CONFIGURED: { status: 404, message: '该大厅暂未开放预约' },
  SLOT_NOT_FOUND: { status: 404, message: '该时段不存在或不可预约' },
  SLOT_FULL: { status: 409, message: '该时段已约满，请选择其他时段或加入候补' },
  SLOT_CLOSED: { status: 409, message: '该时段已停止预约' },
  BOOKING_NOT_OPEN: { status: 409, message: '该时段尚未开放预约' },
  BOOKING_CLOSED: { status: 409, message: '该时段已截止预约' },
  BOOKING_DUPLICATE: { status: 409, message: '您当天已预约过该事项，无需重复预约' },
  BOOKING_RESTRICTED: { status: 403, message: '您因多次爽约暂时不能预约' },
  BOOKING_NOT_FOUND: { status: 404, message: '未找到该预约' },
  BOOKING_STATE_CONFLICT: { status: 409, message: '预约当前的状态不允许此操作' },
  CANCEL_TOO_LATE: { status: 409, message: '已过取消或改约的截止时间' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: '该请求编号已用于另一项预约，请刷新后重试' },
  WAITLIST_DUPLICATE: { status: 409, message: '您已在该时段的候补名单中' },
  WAITLIST_OFFER_EXPIRED: { status: 409, message: '候补名额已失效' },
  CHECK_IN_OUT_OF_TIME: { status: 409, message: '不在签到时间内' },
  WAITLIST_NOT_FOUND: { status: 404, message: '未找到该候补记录' },
  QUEUE_EMPTY: { status: 404, message: '当前没有等候的群众' },
  ITEM_NOT_BOOKABLE: { status: 404, message: '该事项不能在此大厅预约' },
  APPOINTMENT_RANGE_TOO_LONG: { status: 400, message: '查询范围过长' },
  CASE_ITEM_NOT_AVAILABLE: { status: 404, message: '该事项暂不能在线申报' },
  CASE_REAL_NAME_REQUIRED: { status: 403, message: '请先完成实名认证再申报' },
  CASE_NOT_ENTERPRISE_MEMBER: { status: 403, message: '您不是该企业的在册成员，不能代其申报' },
  CASE_NOT_YOUR_DEPARTMENT: { status: 403, message: '该办件不属于您的部门办理' },
  CASE_TASKS_OPEN: { status: 409, message: '还有并联部门未办结，暂不能办结' },
  CASE_MATERIAL_NOT_WAIVABLE: { status: 409, message: '该材料不允许容缺' },
  CASE_FILE_TYPE_NOT_ALLOWED: { status: 415, message: '只能上传 JPG、PNG 图片或 PDF 文件' },
  CASE_FILE_TOO_LARGE: { status: 413, message: '文件不能超过 5 MB' },
  CASE_FILE_NOT_FOUND: { status: 404, message: '未找到该材料文件' },
  CASE_PROGRESS_NOT_FOUND: { status: 404, message: '未查询到匹配的办件，请核对办件编号和申请人信息' },
  CASE_TASK_NOT_FOUND: { status: 404, message: '未找到该并联办理任务' },
  IMPORT_INVALID_FILE: { status: 400, message: '导入文件格式不正确' },
  WECHAT_CODE_INVALID: { status: 400, message: '微信登录凭证无效或已过期，请重新登录' },
  WECHAT_CODE_USED: { status: 400, message: '微信登录凭证已使用，请重新登录' },
  WECHAT_RATE_LIMITED: { status: 429, message: '微信登录过于频繁，请稍后再试' },
  WECHAT_UNAVAILABLE: { status: 503, message: '微信服务繁忙，请稍后再试' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  ACCOUNT_LOCKED: { status: 423, message: '登录失败次数过多，账号已临时锁定，请稍后再试' },
  ACCOUNT_DISABLED: { status: 403, message: '账号已停用，请联系管理员' },
  USERNAME_TAKEN: { status: 409, message: '该用户名已被使用' },
  ENTERPRISE_ADMIN_REQUIRED: { status: 403, message: '只有企业管理员可以审核成员' },
  MEMBERSHIP_NOT_PENDING: { status: 409, message: '该成员不在待审核状态' },
  MEMBER_NOT_FOUND: { status: 404, message: '未找到该成员的绑定申请' },
  // calendar: a provisional day (no holiday notice for its year yet) next to a statutory holiday
  BOOKING_DAY_PROVISIONAL: {
    status: 409,
    message: '该日期所在年度的节假日安排尚未公布，节日前后的工作日暂不开放预约',
  },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试' },
  INTERNAL: { status: 500, message: '系统繁忙，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
