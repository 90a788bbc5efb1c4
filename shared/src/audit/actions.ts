/**
 * 审计日志 in Chinese: every action code the BFF writes (`noteAudit`), as a person reads it. A route
 * without a named action falls back to the route's own Chinese summary (recorded with the entry), so
 * no code or `POST /api/…` line reaches the screen. Add a line here with each new action code.
 */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.staff-login': '工作人员登录',
  'users.create': '新建工作人员账号',
  'users.update': '修改工作人员账号',

  'cases.prereview.pass': '办件预审通过',
  'cases.prereview.needs_correction': '办件预审：需补正',
  'cases.correction': '办件通知补正',
  'cases.accept': '办件受理',
  'cases.reject': '办件不予受理',
  'cases.start': '办件开始办理',
  'cases.complete': '办件办结',
  'cases.deliver': '办件出件',
  'cases.trip': '登记到场',
  'cases.task.in_progress': '并联事项开始办理',
  'cases.task.done': '并联事项办结',
  'cases.download-material': '下载申请材料',
  'cases.view-applicant': '查看申请人全名和身份证号后 4 位',

  'appointments.check-in': '预约签到',
  'appointments.call-next': '叫号',
  'appointments.served': '预约办结',
  'appointments.capacity': '调整名额或停约',
  'appointments.view-person': '查看预约人全名和身份证号后 4 位',

  'consultations.claim': '认领咨询',
  'consultations.answer': '答复咨询',
  'consultations.transfer': '转办咨询',
  'consultations.request_info': '请咨询人补充信息',
  'consultations.close_duplicate': '按重复咨询关闭',
  'consultations.settings': '设置部门咨询答复时限',
  'faq.create': '新建常见问题',
  'faq.update': '修改常见问题',
  'faq.publish': '发布常见问题',
  'faq.unpublish': '下线常见问题',

  'complaints.accept': '投诉受理',
  'complaints.reject': '投诉不予受理',
  'complaints.dispatch': '投诉派单',
  'complaints.return': '投诉退单',
  'complaints.co_part': '提交协办意见',
  'complaints.extension.request': '投诉申请延期',
  'complaints.extension.decide': '审批投诉延期',
  'complaints.reply': '答复投诉',
  'complaints.followup': '投诉回访',
  'complaints.supervise': '投诉督办',
  'complaints.escalation': '投诉升级处理',
  'complaints.supervision.answer': '答复督办',
  'complaints.contact.reveal': '查看投诉人联系方式',

  'ratings.invalid': '标记无效评价',
  'rectifications.claim': '认领差评整改',
  'rectifications.contact': '联系评价人',
  'rectifications.callback': '整改回访',
  'rectifications.evidence': '上传整改材料',
  'rectifications.rectify': '提交整改结果',

  'enterprises.verify.approve': '企业认证通过',
  'enterprises.verify.reject': '企业认证不通过',
  'enterprises.member.remove': '移除企业成员',
  'enterprises.member.leave': '退出企业',
  'enterprises.admin.handover': '移交企业管理员',
  'enterprises.admin.share': '增加企业管理员',

  'calendar.notice.import': '导入节假日安排',
};

/** How a refused write reads (the HTTP status as a reason). */
export function auditOutcomeLabel(status: number): string {
  if (status < 400) return '成功';
  const reason: Record<number, string> = {
    400: '提交的信息有误',
    401: '未登录或登录已失效',
    403: '没有权限',
    404: '对象不存在或无权查看',
    409: '状态已变化或重复操作',
    413: '文件过大',
    423: '账号已锁定',
    429: '操作过于频繁',
  };
  return `未成功：${reason[status] ?? (status >= 500 ? '系统异常' : '请求被拒绝')}`;
}

/**
 * The Chinese name of an entry's action: the map, else the route's summary recorded with it (cut at
 * its first note in brackets or colon), else 其他操作 — never a code.
 */
export function auditActionLabel(action: string, routeLabel?: string): string {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) return known;
  const fromRoute = routeLabel?.split(/[（(：:；;，,]/)[0]?.trim();
  return fromRoute || '其他操作';
}

/** The 操作 filter's choices: groups by capability (an action prefix ending in `*`). */
export const AUDIT_ACTION_GROUPS: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'auth.*', label: '登录' },
  { value: 'users.*', label: '账号' },
  { value: 'cases.*', label: '办件' },
  { value: 'appointments.*', label: '预约' },
  { value: 'consultations.*', label: '咨询' },
  { value: 'faq.*', label: '常见问题' },
  { value: 'complaints.*', label: '投诉' },
  { value: 'rectifications.*', label: '差评整改' },
  { value: 'enterprises.*', label: '企业' },
  { value: 'calendar.*', label: '节假日' },
];
