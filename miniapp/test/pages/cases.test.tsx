import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { REQUIREMENT_COLORS } from '../../src/utils/labels';
import ApplyPage from '../../src/packages/cases/apply/index';
import CaseDetailPage from '../../src/packages/cases/detail/index';
import MyCasesPage from '../../src/packages/cases/mine/index';
import ProgressPage from '../../src/packages/cases/progress/index';
import GuidePage from '../../src/packages/catalog/guide/index';
import { resetSessionHooks } from '../../src/services/auth';
import { caseApplyRoute, caseRoute } from '../../src/utils/routes';
import { navigateBack, navigateTo, redirectTo, setRouterParams, showModal } from '../stubs/taro';
import { expectVisibleError } from '../fixtures/visible-error';
import { detail, halls } from '../fixtures/catalog';
import { apiError, ok, routeApi, storeSession, verifiedMe, type SentRequest } from '../fixtures/identity';
import { CASE_ID, caseDetail, caseSummary } from './cases-fixtures';

const chooseImage = jest.fn();
const uploadFile = jest.fn();
Object.assign(Taro, { chooseImage, uploadFile });

const departments = () => ok({ items: [{ code: 'ZRZY', name: '市自然资源局', itemCount: 3 }] });

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

beforeEach(() => {
  resetSessionHooks();
  chooseImage.mockReset();
  uploadFile.mockReset();
});

describe('我的办件', () => {
  it('lists cases with status chips and due / overdue flags; tabs filter by status', async () => {
    storeSession(3);
    const sent = routeApi({
      'GET /api/cases': (req) =>
        req.url.includes('status=needs_correction')
          ? ok({ items: [], total: 0, page: 1, pageSize: 20 })
          : ok({
              items: [
                caseSummary({ overdue: true, dueDate: '2026-03-01' }),
                caseSummary({
                  id: 'c2c2c2c2c2c2c2c2c2c2c2c2',
                  number: 'JX-20260310-000002',
                  itemName: '国有建设用地使用权登记',
                  dueSoon: true,
                }),
                caseSummary({
                  id: 'c3c3c3c3c3c3c3c3c3c3c3c3',
                  number: 'JX-20260310-000003',
                  status: 'needs_correction',
                  statusLabel: '需补正',
                  dueDate: null,
                }),
              ],
              total: 3,
              page: 1,
              pageSize: 20,
            }),
    });
    render(<MyCasesPage />);
    const cards = await screen.findAllByTestId('case-card');
    expect(cards).toHaveLength(3);
    expect(within(cards[0]).getByTestId('status-chip')).toHaveTextContent('办理中');
    expect(within(cards[0]).getByTestId('flag-overdue')).toHaveTextContent('已超期');
    expect(cards[0]).toHaveClass('case-card--overdue');
    expect(within(cards[1]).getByTestId('flag-due-soon')).toHaveTextContent('即将到期');
    expect(within(cards[2]).getByTestId('status-chip')).toHaveTextContent('需补正');
    expect(within(cards[2]).queryByTestId('flag-overdue')).not.toBeInTheDocument();
    // "共 3 件" as the list's centred end line (with room), not a bare text against the left edge
    const end = screen.getByTestId('list-end');
    expect(end).toHaveTextContent('共 3 件');
    expect(end).toHaveClass('case-list-end');

    fireEvent.click(cards[0]);
    expect(navigateTo).toHaveBeenCalledWith({ url: caseRoute(CASE_ID) });

    fireEvent.click(screen.getByTestId('tab-needs_correction'));
    expect(await screen.findByText('没有该状态的办件')).toBeInTheDocument();
    expect(sent.at(-1)?.url).toContain('status=needs_correction');
  });

  it('empty state, and 重试 after an error', async () => {
    storeSession(3);
    let fails = true;
    routeApi({
      'GET /api/cases': () =>
        fails ? apiError('SERVICE_UNAVAILABLE') : ok({ items: [], total: 0, page: 1, pageSize: 20 }),
    });
    render(<MyCasesPage />);
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    fails = false;
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('您还没有办件')).toBeInTheDocument();
  });
});

describe('办件详情 (applicant)', () => {
  it('shows header, timeline (masked staff), parallel tasks with who is still working, and trips', async () => {
    storeSession(3);
    setRouterParams({ id: CASE_ID });
    routeApi({
      'GET /api/departments': () =>
        ok({
          items: [
            { code: 'ZRZY', name: '市自然资源局', itemCount: 3 },
            { code: 'ZJJ', name: '市住建局', itemCount: 2 },
          ],
        }),
      [`GET /api/cases/${CASE_ID}`]: () =>
        ok(
          caseDetail({
            status: 'in_progress',
            statusLabel: '办理中',
            dueDate: '2026-03-17',
            deadline: {
              limitDays: 5,
              startDate: '2026-03-10',
              dueDate: '2026-03-17',
              paused: false,
              pausedWorkingDays: 1,
              pauses: [{ from: '2026-03-11', to: '2026-03-12' }],
              remainingWorkingDays: 1,
              dueSoon: true,
              overdue: false,
            },
            tasks: [
              {
                id: 'dddddddddddddddddddddddd',
                department: 'ZJJ',
                departmentName: '市住建局',
                status: 'in_progress',
                statusLabel: '办理中',
                limitDays: 3,
                dueDate: '2026-03-13',
                overdue: true,
                dueSoon: false,
              },
            ],
            stillWorking: ['ZRZY', 'ZJJ'],
            trips: {
              taken: 1,
              allowed: 1,
              met: true,
              trips: [{ at: '2026-03-10T03:00:00.000Z', source: 'window', note: '窗口办理' }],
            },
            timeline: [
              {
                at: '2026-03-10T02:00:00.000Z',
                kind: 'apply',
                label: '提交申请',
                actor: { role: 'citizen', roleLabel: '申请人' },
              },
              {
                at: '2026-03-10T03:00:00.000Z',
                kind: 'trip',
                label: '到窗口办理（跑动一次）',
                actor: { role: 'staff', roleLabel: '工作人员', department: 'ZRZY', name: '王*' },
                note: '窗口办理',
              },
              {
                at: '2026-03-10T04:00:00.000Z',
                kind: 'accept',
                label: '受理',
                actor: { role: 'staff', roleLabel: '工作人员', department: 'ZRZY', name: '王*' },
                note: '并联部门：ZJJ',
              },
            ],
          }),
        ),
    });
    render(<CaseDetailPage />);
    const header = await screen.findByTestId('case-header');
    expect(header).toHaveTextContent('JX-20260310-000001');
    expect(header).toHaveTextContent('办理中');
    expect(within(header).getByTestId('flag-due-soon')).toBeInTheDocument();
    expect(header).toHaveTextContent('办结期限 2026年3月17日');
    expect(within(header).getByTestId('pauses')).toHaveTextContent('补正暂停计时 1 个工作日');

    const events = screen.getAllByTestId('timeline-event');
    expect(events).toHaveLength(3);
    // newest first, staff masked, department names
    expect(events[0]).toHaveTextContent('受理');
    await waitFor(() => expect(events[0]).toHaveTextContent('工作人员 · 市自然资源局 · 王*'));
    expect(events[0]).toHaveTextContent('并联部门：ZJJ');
    expect(events[1]).toHaveTextContent('到窗口办理（跑动一次）');
    expect(events[2]).toHaveTextContent('提交申请');

    const tasks = screen.getByTestId('tasks');
    expect(within(tasks).getByTestId('still-working')).toHaveTextContent('正在办理：市自然资源局、市住建局');
    expect(within(tasks).getByTestId('task')).toHaveTextContent('市住建局');
    expect(within(tasks).getByTestId('task')).toHaveTextContent('已超期');

    expect(screen.getByTestId('trips-count')).toHaveTextContent('1 / 1');
    expect(screen.getByTestId('trips-flag')).toHaveTextContent('未超过承诺的 1 次');
    expect(screen.queryByText('撤回申请')).not.toBeInTheDocument();
  });

  it('即办件: reads 即办 (same day), not 承诺时限 0 个工作日 / 剩余 N 个工作日', async () => {
    storeSession(3);
    setRouterParams({ id: CASE_ID });
    routeApi({
      'GET /api/departments': () => ok({ items: [] }),
      [`GET /api/cases/${CASE_ID}`]: () =>
        ok(
          caseDetail({
            status: 'accepted',
            statusLabel: '已受理',
            deadline: {
              limitDays: 0,
              startDate: '2026-03-12',
              dueDate: '2026-03-12',
              paused: false,
              pausedWorkingDays: 0,
              pauses: [],
              remainingWorkingDays: 0,
              dueSoon: false,
              overdue: false,
            },
          }),
        ),
    });
    render(<CaseDetailPage />);
    const limit = await screen.findByTestId('case-limit');
    expect(limit).toHaveTextContent('即办件：2026年3月12日 受理，当日办结');
    expect(screen.getByTestId('case-header')).not.toHaveTextContent('个工作日');
    expect(screen.getByTestId('case-header')).not.toHaveTextContent('即将到期');
  });

  it('trips over the promise are flagged; paused clock shows', async () => {
    storeSession(3);
    setRouterParams({ id: CASE_ID });
    routeApi({
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () =>
        ok(
          caseDetail({
            status: 'correction_paused',
            statusLabel: '办理中（待补正，计时暂停）',
            deadline: {
              ...caseDetail().deadline,
              startDate: '2026-03-10',
              paused: true,
              pauses: [{ from: '2026-03-12' }],
            },
            trips: { taken: 2, allowed: 1, met: false, trips: [] },
          }),
        ),
    });
    render(<CaseDetailPage />);
    expect(await screen.findByTestId('flag-paused')).toHaveTextContent('补正中，计时暂停');
    expect(screen.getByTestId('trips-count')).toHaveTextContent('2 / 1');
    expect(screen.getByTestId('trips-flag')).toHaveTextContent('超过承诺的 1 次');
  });

  it('a case of someone else (404): 无权查看或不存在 with a way home, not 加载失败', async () => {
    storeSession(3);
    setRouterParams({ id: CASE_ID });
    routeApi({
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () => apiError('NOT_FOUND'),
    });
    render(<CaseDetailPage />);
    const box = await screen.findByTestId('case-not-found');
    expect(box).toHaveTextContent('无权查看或不存在');
    expect(screen.queryByText('加载失败')).not.toBeInTheDocument();
    fireEvent.click(within(box).getByText('返回首页'));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });
  });

  it('容缺后补 after 受理: the enterprise is named, the owed material and its deadline show, upload offered', async () => {
    storeSession(3);
    setRouterParams({ id: CASE_ID });
    routeApi({
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () =>
        ok(
          caseDetail({
            status: 'in_progress',
            statusLabel: '办理中',
            enterprise: {
              id: 'eeeeeeeeeeeeeeeeeeeeeeee',
              name: '鸡西某某科技有限公司',
              creditCodeMasked: '9123********00001X',
            },
            enterpriseCreditCode: '91230300MA1B2C3D4X',
            materials: [
              {
                index: 0,
                name: '申请书',
                requirement: 'required',
                state: 'uploaded',
                stateLabel: '已上传',
                files: [],
              },
              {
                index: 1,
                name: '授权委托书',
                requirement: 'waivable',
                state: 'waived',
                stateLabel: '容缺（后补）',
                files: [],
              },
            ],
            missing: [],
            owed: [{ index: 1, name: '授权委托书' }],
            owedBy: '2026-03-17',
          }),
        ),
    });
    render(<CaseDetailPage />);
    expect(await screen.findByTestId('case-enterprise')).toHaveTextContent(
      '申报企业 鸡西某某科技有限公司（统一社会信用代码 91230300MA1B2C3D4X）',
    );
    expect(screen.getByTestId('owed')).toHaveTextContent(
      '容缺待补 1 项：授权委托书。请于 2026年3月17日 前补交（办结前）',
    );
    expect(screen.queryByText('材料已齐全')).not.toBeInTheDocument();
    const rows = screen.getAllByTestId('case-material');
    expect(within(rows[1]).getByText('上传')).toBeInTheDocument();
    expect(within(rows[0]).queryByText('继续上传')).not.toBeInTheDocument();
  });

  it('需补正: shows what is missing and why, uploads with the bearer header, then 重新提交', async () => {
    storeSession(3);
    setRouterParams({ id: CASE_ID });
    let uploaded = false;
    const needsCorrection = () =>
      caseDetail({
        status: 'needs_correction',
        statusLabel: '需补正',
        corrections: [{ index: 1, name: '身份证明', reason: '照片不清晰，请重新拍摄' }],
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
            state: uploaded ? 'uploaded' : 'missing',
            stateLabel: uploaded ? '已上传' : '待提交',
            files: [],
          },
        ],
        missing: uploaded ? [] : [{ index: 1, name: '身份证明' }],
        allowedActions: ['resubmit', 'withdraw'],
      });
    const sent: SentRequest[] = routeApi({
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () => ok(needsCorrection()),
      [`POST /api/cases/${CASE_ID}/resubmit`]: () =>
        ok(caseDetail({ status: 'submitted', statusLabel: '已申报（待预审）', missing: [] })),
    });
    chooseImage.mockResolvedValue({
      tempFilePaths: ['blob:http://localhost/abc'],
      tempFiles: [{ path: 'blob:http://localhost/abc', size: 2048 }],
    });
    uploadFile.mockImplementation(() => {
      uploaded = true;
      const m = needsCorrection().materials[1];
      return Promise.resolve({
        statusCode: 201,
        data: JSON.stringify({
          material: { ...m, state: 'uploaded', stateLabel: '已上传' },
          file: {
            id: 'ffffffffffffffffffffffff',
            filename: 'material.jpg',
            contentType: 'image/jpeg',
            size: 2048,
            uploadedAt: '2026-03-11T02:00:00.000Z',
            url: `/api/cases/${CASE_ID}/materials/ffffffffffffffffffffffff`,
          },
        }),
      });
    });

    render(<CaseDetailPage />);
    expect(await screen.findByTestId('correction')).toHaveTextContent('身份证明：照片不清晰，请重新拍摄');
    expect(screen.getByTestId('missing')).toHaveTextContent('尚缺 1 项：身份证明');

    const rows = screen.getAllByTestId('case-material');
    fireEvent.click(within(rows[1]).getByText('上传'));
    await waitFor(() => expect(uploadFile).toHaveBeenCalledTimes(1));
    const call = uploadFile.mock.calls[0][0] as {
      url: string;
      name: string;
      filePath: string;
      formData: Record<string, string>;
      header: Record<string, string>;
    };
    expect(call.url).toMatch(new RegExp(`/api/cases/${CASE_ID}/materials$`));
    expect(call.name).toBe('file');
    expect(call.filePath).toBe('blob:http://localhost/abc');
    expect(call.formData).toEqual({ index: '1' });
    expect(call.header.Authorization).toBe('Bearer access-token-3');
    expect(await screen.findByText('材料已齐全')).toBeInTheDocument();

    fireEvent.click(screen.getByText('重新提交'));
    await waitFor(() =>
      expect(sent.some((r) => r.method === 'POST' && r.path === `/api/cases/${CASE_ID}/resubmit`)).toBe(true),
    );
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '重新提交' }));
    expect(await screen.findByText('已申报（待预审）')).toBeInTheDocument();
  });

  it('an upload refused by the BFF shows its message', async () => {
    storeSession(3);
    setRouterParams({ id: CASE_ID });
    routeApi({
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () => ok(caseDetail({ allowedActions: ['withdraw'] })),
    });
    chooseImage.mockResolvedValue({ tempFilePaths: ['x.gif'], tempFiles: [{ path: 'x.gif', size: 10 }] });
    uploadFile.mockResolvedValue({
      statusCode: 415,
      data: JSON.stringify({
        error: { code: 'CASE_FILE_TYPE_NOT_ALLOWED', message: '只能上传 JPG、PNG 图片或 PDF 文件' },
      }),
    });
    render(<CaseDetailPage />);
    const rows = await screen.findAllByTestId('case-material');
    fireEvent.click(within(rows[0]).getByText('上传'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('只能上传 JPG、PNG 图片或 PDF 文件');
  });

  it('撤回 asks first; cancelling sends nothing', async () => {
    storeSession(3);
    setRouterParams({ id: CASE_ID });
    const sent = routeApi({
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () => ok(caseDetail({ allowedActions: ['withdraw'] })),
      [`POST /api/cases/${CASE_ID}/withdraw`]: () =>
        ok(caseDetail({ status: 'withdrawn', statusLabel: '已撤回' })),
    });
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<CaseDetailPage />);
    // A real button (outlined, destructive colour, full width), not a bare grey word in an empty-state box.
    const withdraw = (await screen.findByText('撤回申请')).closest('button')!;
    expect(withdraw).toHaveAttribute('data-type', 'danger');
    expect(withdraw).toHaveAttribute('data-fill', 'outline');
    expect(withdraw).toHaveAttribute('data-block', 'true');
    expect(withdraw.closest('.case-empty')).toBeNull();
    fireEvent.click(await screen.findByText('撤回申请'));
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(0);
    fireEvent.click(screen.getByText('撤回申请'));
    expect(await screen.findByText('已撤回')).toBeInTheDocument();
  });

  it('completed: choose 邮寄 with an address', async () => {
    storeSession(3);
    setRouterParams({ id: CASE_ID });
    const sent = routeApi({
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () =>
        ok(caseDetail({ status: 'completed', statusLabel: '已办结', outcome: 'approved' })),
      [`PUT /api/cases/${CASE_ID}/delivery`]: (req) =>
        ok(
          caseDetail({
            status: 'completed',
            statusLabel: '已办结',
            delivery: { method: 'post', address: (req.data as { address: never }).address },
          }),
        ),
    });
    render(<CaseDetailPage />);
    fireEvent.click(await screen.findByText('邮寄送达'));
    fireEvent.click(screen.getByText('确认领取方式'));
    expect(await screen.findByTestId('error-recipient')).toHaveTextContent('请填写收件人');
    fill('收件人', '张三丰');
    fill('联系电话', '13812345678');
    fill('详细地址', '鸡西市鸡冠区中心大街 1 号');
    fireEvent.click(screen.getByText('确认领取方式'));
    expect(await screen.findByTestId('delivery')).toHaveTextContent(
      '邮寄送达（张三丰，鸡西市鸡冠区中心大街 1 号）',
    );
    expect(sent.find((r) => r.method === 'PUT')?.data).toEqual({
      method: 'post',
      address: { recipient: '张三丰', phone: '13812345678', address: '鸡西市鸡冠区中心大街 1 号' },
    });
  });
});

describe('在线申报', () => {
  it('the guide offers 在线申报 for online-capable items', async () => {
    setRouterParams({ code: 'JX-BDC-0001' });
    routeApi({
      'GET /api/items/JX-BDC-0001': () => ok(detail({ onlineCapable: true })),
      'GET /api/halls': () => ok({ items: halls }),
    });
    render(<GuidePage />);
    fireEvent.click(await screen.findByText('在线申报'));
    expect(navigateTo).toHaveBeenCalledWith({ url: caseApplyRoute('JX-BDC-0001') });
  });

  it('applies with a file and a 容缺 material, then opens the case', async () => {
    storeSession(3);
    setRouterParams({ itemCode: 'JX-BDC-0001' });
    const sent = routeApi({
      'GET /api/items/JX-BDC-0001': () => ok(detail({ onlineCapable: true })),
      'GET /api/me': () => ok(verifiedMe()),
      'POST /api/cases': () => ok(caseDetail()),
      [`POST /api/cases/${CASE_ID}/materials/waive`]: () => ok(caseDetail()),
    });
    chooseImage.mockResolvedValue({
      tempFilePaths: ['wxfile://a.jpg'],
      tempFiles: [{ path: 'wxfile://a.jpg', size: 1000 }],
    });
    uploadFile.mockResolvedValue({
      statusCode: 201,
      data: {
        material: {
          index: 0,
          name: '不动产登记申请书',
          requirement: 'required',
          state: 'uploaded',
          stateLabel: '已上传',
          files: [],
        },
        file: {
          id: 'ffffffffffffffffffffffff',
          filename: 'a.jpg',
          contentType: 'image/jpeg',
          size: 1000,
          uploadedAt: '2026-03-11T02:00:00.000Z',
          url: '/x',
        },
      },
    });
    render(<ApplyPage />);
    const rows = await screen.findAllByTestId('apply-material');
    expect(rows).toHaveLength(4);
    // 必须提交 / 容缺 / 免提交 / 已取消 badges coloured as the guide's (never NutUI's default black)
    const badges = rows.map((r) => r.querySelector('.nut-tag')!);
    expect(badges.map((b) => b.getAttribute('data-background'))).toEqual(
      detail({ onlineCapable: true }).guide.materials.map((m) => REQUIREMENT_COLORS[m.requirement]),
    );
    fireEvent.click(within(rows[0]).getByText('上传文件'));
    expect(await within(rows[0]).findByTestId('picked-file')).toHaveTextContent('已选择：material.jpg');
    fireEvent.click(within(rows[1]).getByText('申请容缺'));
    expect(within(rows[1]).getByText('容缺受理，办理期间后补')).toBeInTheDocument();
    expect(within(rows[2]).queryByText('上传文件')).not.toBeInTheDocument(); // 免提交

    fill('申请说明', '二手房过户');
    fireEvent.click(screen.getByText('提交申报'));
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: caseRoute(CASE_ID) }));
    expect(sent.find((r) => r.method === 'POST' && r.path === '/api/cases')?.data).toEqual({
      itemCode: 'JX-BDC-0001',
      formFields: { 申请说明: '二手房过户' },
    });
    expect(uploadFile.mock.calls[0][0]).toMatchObject({
      url: expect.stringMatching(new RegExp(`/api/cases/${CASE_ID}/materials$`)),
      formData: { index: '0' },
    });
    expect(sent.find((r) => r.path.endsWith('/materials/waive'))?.data).toEqual({ index: 1 });
  });

  it('a refused submit is shown in the fixed 提交申报 bar and as a toast', async () => {
    storeSession(3);
    setRouterParams({ itemCode: 'JX-BDC-0001' });
    routeApi({
      'GET /api/items/JX-BDC-0001': () => ok(detail({ onlineCapable: true })),
      'GET /api/me': () => ok(verifiedMe()),
      'POST /api/cases': () => apiError('ITEM_NOT_FOUND', { message: '事项不存在或已下线' }),
    });
    render(<ApplyPage />);
    await screen.findAllByTestId('apply-material');
    fireEvent.click(screen.getByText('提交申报'));
    await expectVisibleError('事项不存在或已下线');
  });

  it('asks before leaving a half-filled form (H5 title bar back); nothing asked when untouched', async () => {
    const envBefore = process.env.TARO_ENV;
    process.env.TARO_ENV = 'h5';
    const back = document.createElement('div');
    back.className = 'taro-navigation-bar-back';
    document.body.appendChild(back);
    try {
      storeSession(3);
      setRouterParams({ itemCode: 'JX-BDC-0001' });
      routeApi({
        'GET /api/items/JX-BDC-0001': () => ok(detail({ onlineCapable: true })),
        'GET /api/me': () => ok(verifiedMe()),
      });
      render(<ApplyPage />);
      await screen.findAllByTestId('apply-material');
      fireEvent.click(back);
      expect(showModal).not.toHaveBeenCalled();

      fill('申请说明', '二手房过户');
      showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
      fireEvent.click(back);
      await waitFor(() =>
        expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '放弃填写？' })),
      );
      expect(navigateBack).not.toHaveBeenCalled();
      fireEvent.click(back);
      await waitFor(() => expect(navigateBack).toHaveBeenCalled());
    } finally {
      back.remove();
      process.env.TARO_ENV = envBefore;
    }
  });

  it('asks for 实名认证 first', async () => {
    storeSession(3);
    setRouterParams({ itemCode: 'JX-BDC-0001' });
    routeApi({
      'GET /api/items/JX-BDC-0001': () => ok(detail({ onlineCapable: true })),
      'GET /api/me': () => ok(verifiedMe({ realNameVerified: false })),
    });
    render(<ApplyPage />);
    expect(await screen.findByTestId('apply-blocked')).toHaveTextContent('申报前请先完成实名认证');
    expect(screen.queryByText('提交申报')).not.toBeInTheDocument();
  });
});

describe('查询进度 (public)', () => {
  const result = {
    number: 'JX-20260310-000001',
    itemName: '不动产转移登记',
    status: 'in_progress',
    statusLabel: '办理中',
    applicantName: '张*丰',
    submittedAt: '2026-03-10T02:00:00.000Z',
    dueDate: '2026-03-17',
    stillWorking: ['市自然资源局', '市税务局'],
    timeline: [
      { at: '2026-03-10T02:00:00.000Z', label: '提交申请', actor: '申请人' },
      { at: '2026-03-10T04:00:00.000Z', label: '受理', actor: '工作人员 王*', department: 'ZRZY' },
    ],
  };

  it('checks the form locally, then shows status and the masked timeline without logging in', async () => {
    const sent = routeApi({
      'GET /api/departments': departments,
      'POST /api/cases/progress': () => ok(result),
    });
    render(<ProgressPage />);
    fill('办件编号', 'JX-123');
    fireEvent.click(screen.getByText('查询'));
    expect(await screen.findByTestId('error-caseNumber')).toHaveTextContent(
      '办件编号格式应为 JX-YYYYMMDD-000123',
    );
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(0);

    fill('办件编号', 'jx-20260310-000001');
    fill('申请人姓名', '张三丰');
    fireEvent.click(screen.getByText('查询'));
    const card = await screen.findByTestId('progress-result');
    expect(card).toHaveTextContent('办理中');
    expect(card).toHaveTextContent('申请人 张*丰');
    expect(within(card).getByTestId('progress-still-working')).toHaveTextContent(
      '正在办理的部门：市自然资源局、市税务局',
    );
    const events = within(card).getAllByTestId('timeline-event');
    expect(events[0]).toHaveTextContent('受理');
    await waitFor(() => expect(events[0]).toHaveTextContent('工作人员 王* · 市自然资源局'));
    const post = sent.find((r) => r.method === 'POST')!;
    expect(post.data).toEqual({ caseNumber: 'JX-20260310-000001', applicantName: '张三丰' });
    expect(post.header.Authorization).toBeUndefined();
  });

  it('by the last 4 of the ID; a wrong answer shows the API message', async () => {
    const sent = routeApi({
      'GET /api/departments': departments,
      'POST /api/cases/progress': () => apiError('CASE_PROGRESS_NOT_FOUND'),
    });
    render(<ProgressPage />);
    fill('办件编号', 'JX-20260310-000001');
    fireEvent.click(screen.getByText('身份证号后 4 位'));
    fill('身份证号后 4 位', '123x');
    fireEvent.click(screen.getByText('查询'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent(
      '未查询到匹配的办件，请核对办件编号和申请人信息',
    );
    expect(sent.find((r) => r.method === 'POST')?.data).toEqual({
      caseNumber: 'JX-20260310-000001',
      idLast4: '123X',
    });
    expect(screen.queryByTestId('progress-result')).not.toBeInTheDocument();
  });

  it('rate limited: says when to try again', async () => {
    jest.useFakeTimers({
      now: new Date('2030-01-01T08:00:00.000Z'),
      doNotFake: ['setTimeout', 'queueMicrotask', 'nextTick', 'setImmediate'],
    });
    routeApi({
      'GET /api/departments': departments,
      'POST /api/cases/progress': () => apiError('RATE_LIMITED', { details: { retryAfterSeconds: 60 } }),
    });
    render(<ProgressPage />);
    fill('办件编号', 'JX-20260310-000001');
    fill('申请人姓名', '张三丰');
    fireEvent.click(screen.getByText('查询'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent(
      '查询过于频繁，请于 16:01:00 后再试（约 60 秒）',
    );
    jest.useRealTimers();
  });
});
