import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import BindEnterprisePage from '../../src/packages/enterprises/bind/index';
import EnterpriseDetailPage from '../../src/packages/enterprises/detail/index';
import MyEnterprisesPage from '../../src/packages/enterprises/mine/index';
import { resetSessionHooks } from '../../src/services/auth';
import { enterpriseRoute } from '../../src/utils/routes';
import { navigateTo, setRouterParams, showModal, showToast } from '../stubs/taro';
import {
  BAD_CREDIT_CODE,
  ENTERPRISE_ID,
  USER_ID,
  VALID_CREDIT_CODE,
  apiError,
  ok,
  routeApi,
  storeSession,
} from '../fixtures/identity';

const PENDING_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb';

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

const membership = (overrides = {}) => ({
  enterpriseId: ENTERPRISE_ID,
  creditCode: VALID_CREDIT_CODE,
  enterpriseName: '鸡西市示例商贸有限公司',
  role: 'admin' as const,
  status: 'active' as const,
  ...overrides,
});

describe('企业', () => {
  beforeEach(() => {
    resetSessionHooks();
    storeSession(1, 'enterprise');
  });

  it('binding: the shared GB 32100 check catches a wrong check character before sending', () => {
    const sent = routeApi({});
    render(<BindEnterprisePage />);
    fireEvent.click(screen.getByText('绑定企业'));
    expect(screen.getByTestId('error-creditCode')).toHaveTextContent(
      '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）',
    );
    expect(screen.getByTestId('error-name')).toHaveTextContent('请输入企业名称');

    fill('统一社会信用代码', BAD_CREDIT_CODE);
    fill('企业名称', '鸡西市示例商贸有限公司');
    fireEvent.click(screen.getByText('绑定企业'));
    expect(screen.getByTestId('error-creditCode')).toHaveTextContent('统一社会信用代码校验位不正确，请核对');
    expect(screen.queryByTestId('error-name')).not.toBeInTheDocument();
    expect(sent).toHaveLength(0);
  });

  it('binding a valid code: pending → 等待企业管理员审核', async () => {
    const sent = routeApi({
      'POST /api/enterprises/bind': () => ok(membership({ role: 'member', status: 'pending' })),
    });
    render(<BindEnterprisePage />);
    fill('统一社会信用代码', VALID_CREDIT_CODE.toLowerCase());
    fill('企业名称', '鸡西市示例商贸有限公司');
    fireEvent.click(screen.getByText('绑定企业'));
    await waitFor(() =>
      expect(showToast).toHaveBeenCalledWith(
        expect.objectContaining({ title: '已提交，等待企业管理员审核' }),
      ),
    );
    expect(sent[0].data).toEqual({ creditCode: VALID_CREDIT_CODE, name: '鸡西市示例商贸有限公司' });
  });

  it('binding: server field errors go under the inputs', async () => {
    routeApi({
      'POST /api/enterprises/bind': () =>
        apiError('VALIDATION_FAILED', {
          details: { fields: [{ path: 'body.name', message: '企业名称与登记信息不一致' }] },
        }),
    });
    render(<BindEnterprisePage />);
    fill('统一社会信用代码', VALID_CREDIT_CODE);
    fill('企业名称', '别的公司');
    fireEvent.click(screen.getByText('绑定企业'));
    expect(await screen.findByTestId('error-name')).toHaveTextContent('企业名称与登记信息不一致');
  });

  it('my enterprises: status of each membership; an active one opens its members', async () => {
    routeApi({
      'GET /api/enterprises/mine': () =>
        ok({
          items: [
            membership(),
            membership({
              enterpriseId: 'cccccccccccccccccccccccc',
              enterpriseName: '另一家公司',
              role: 'member',
              status: 'pending',
            }),
          ],
        }),
    });
    render(<MyEnterprisesPage />);
    const rows = await screen.findAllByTestId('membership');
    expect(rows[0]).toHaveTextContent('已绑定');
    expect(rows[1]).toHaveTextContent('待管理员审核');
    expect(rows[1]).toHaveTextContent('等待该企业管理员审核');
    fireEvent.click(rows[1]);
    expect(navigateTo).not.toHaveBeenCalled();
    fireEvent.click(rows[0]);
    expect(navigateTo).toHaveBeenCalledWith({ url: enterpriseRoute(ENTERPRISE_ID) });
  });

  it('my enterprises: empty state', async () => {
    routeApi({ 'GET /api/enterprises/mine': () => ok({ items: [] }) });
    render(<MyEnterprisesPage />);
    expect(await screen.findByText('尚未绑定企业')).toBeInTheDocument();
  });

  it('the admin approves a pending member after confirming; cancel sends nothing', async () => {
    setRouterParams({ id: ENTERPRISE_ID });
    let approved = false;
    const sent = routeApi({
      [`GET /api/enterprises/${ENTERPRISE_ID}/cases`]: () =>
        ok({ items: [], total: 0, page: 1, pageSize: 20 }),
      [`GET /api/enterprises/${ENTERPRISE_ID}`]: () =>
        ok({
          id: ENTERPRISE_ID,
          creditCode: VALID_CREDIT_CODE,
          name: '鸡西市示例商贸有限公司',
          verified: true,
          members: [
            {
              userId: USER_ID,
              nameMasked: '张*丰',
              role: 'admin',
              status: 'active',
              requestedAt: '2026-01-02T01:00:00Z',
            },
            {
              userId: PENDING_ID,
              nameMasked: '李*',
              phoneMasked: '139****0000',
              role: 'member',
              status: approved ? 'active' : 'pending',
              requestedAt: '2026-01-03T02:00:00Z',
            },
          ],
        }),
      'GET /api/enterprises/mine': () => ok({ items: [membership()] }),
      [`POST /api/enterprises/${ENTERPRISE_ID}/members/${PENDING_ID}/approve`]: () => {
        approved = true;
        return ok({
          userId: PENDING_ID,
          nameMasked: '李*',
          role: 'member',
          status: 'active',
          requestedAt: '2026-01-03T02:00:00Z',
        });
      },
    });
    render(<EnterpriseDetailPage />);
    const members = await screen.findAllByTestId('member');
    const pending = members.find((m) => m.textContent?.includes('李*'))!;
    expect(pending).toHaveTextContent('139****0000');
    expect(screen.getByText('张*丰（我）')).toBeInTheDocument();

    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    fireEvent.click(within(pending).getByText('通过'));
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(0);

    fireEvent.click(within(pending).getByText('通过'));
    await waitFor(() => expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已通过' })));
    expect(showModal).toHaveBeenLastCalledWith(
      expect.objectContaining({ title: '通过绑定申请', confirmText: '通过' }),
    );
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(await screen.findByText('待审核（0）')).toBeInTheDocument();
    expect(screen.queryByText('通过')).not.toBeInTheDocument();
  });

  it('the admin removes a member after confirming; the enterprise’s cases list who submitted them', async () => {
    setRouterParams({ id: ENTERPRISE_ID });
    let removed = false;
    const caseRow = {
      id: 'cccccccccccccccccccccccc',
      number: 'JX-20261205-000001',
      itemCode: 'JX-SCJG-0064',
      itemName: '分公司设立登记',
      department: 'SCJG',
      departmentName: '市市场监督管理局',
      enterprise: {
        id: ENTERPRISE_ID,
        name: '鸡西市示例商贸有限公司',
        creditCodeMasked: '9123********00001X',
      },
      status: 'in_progress',
      statusLabel: '办理中',
      applicantName: '李*',
      submittedAt: '2026-12-05T02:00:00.000Z',
      updatedAt: '2026-12-05T02:00:00.000Z',
      dueDate: '2026-12-01',
      dueSoon: false,
      overdue: true,
      tripsTaken: 0,
      maxTrips: 1,
      openTasks: ['SW'],
      openTaskNames: ['市税务局'],
    };
    const sent = routeApi({
      [`GET /api/enterprises/${ENTERPRISE_ID}/cases`]: () =>
        ok({ items: [caseRow], total: 1, page: 1, pageSize: 20 }),
      [`GET /api/enterprises/${ENTERPRISE_ID}`]: () =>
        ok({
          id: ENTERPRISE_ID,
          creditCode: VALID_CREDIT_CODE,
          name: '鸡西市示例商贸有限公司',
          verified: true,
          members: [
            {
              userId: USER_ID,
              nameMasked: '张*丰',
              role: 'admin',
              status: 'active',
              requestedAt: '2026-01-02T01:00:00Z',
            },
            ...(removed
              ? []
              : [
                  {
                    userId: PENDING_ID,
                    nameMasked: '李*',
                    role: 'member',
                    status: 'active',
                    requestedAt: '2026-01-03T02:00:00Z',
                  },
                ]),
          ],
        }),
      'GET /api/enterprises/mine': () => ok({ items: [membership()] }),
      [`DELETE /api/enterprises/${ENTERPRISE_ID}/members/${PENDING_ID}`]: () => {
        removed = true;
        return ok({
          userId: PENDING_ID,
          nameMasked: '李*',
          role: 'member',
          status: 'removed',
          requestedAt: '2026-01-03T02:00:00Z',
        });
      },
    });
    render(<EnterpriseDetailPage />);
    const card = await screen.findByTestId('case-card');
    expect(card).toHaveTextContent('经办人 李*');
    expect(card).toHaveTextContent('并联办理中：市税务局');
    expect(card).toHaveTextContent('已超期');
    const members = await screen.findAllByTestId('member');
    const li = members.find((m) => m.textContent?.includes('李*'))!;
    fireEvent.click(within(li).getByText('移除'));
    await waitFor(() => expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已移除' })));
    expect(showModal).toHaveBeenLastCalledWith(
      expect.objectContaining({ title: '移除成员', confirmText: '移除' }),
    );
    expect(sent.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    await waitFor(() => expect(screen.getByText('成员（1）')).toBeInTheDocument());
  });

  it('the last admin trying to leave sees why', async () => {
    setRouterParams({ id: ENTERPRISE_ID });
    routeApi({
      [`GET /api/enterprises/${ENTERPRISE_ID}/cases`]: () =>
        ok({ items: [], total: 0, page: 1, pageSize: 20 }),
      [`GET /api/enterprises/${ENTERPRISE_ID}`]: () =>
        ok({
          id: ENTERPRISE_ID,
          creditCode: VALID_CREDIT_CODE,
          name: '鸡西市示例商贸有限公司',
          verified: true,
          members: [
            { userId: USER_ID, role: 'admin', status: 'active', requestedAt: '2026-01-02T01:00:00Z' },
          ],
        }),
      'GET /api/enterprises/mine': () => ok({ items: [membership()] }),
      [`POST /api/enterprises/${ENTERPRISE_ID}/leave`]: () => apiError('ENTERPRISE_LAST_ADMIN'),
    });
    render(<EnterpriseDetailPage />);
    fireEvent.click(await screen.findByText('退出企业'));
    await waitFor(() =>
      expect(showToast).toHaveBeenCalledWith(
        expect.objectContaining({ title: '您是企业唯一的管理员，请先将管理员移交给其他成员' }),
      ),
    );
  });

  it('a pending first admin is asked for the business licence; admins see waiting requests', async () => {
    routeApi({
      'GET /api/enterprises/mine': () =>
        ok({
          items: [
            membership({ status: 'pending', enterpriseVerified: false, licenceUploaded: false }),
            membership({
              enterpriseId: 'cccccccccccccccccccccccc',
              enterpriseName: '另一家公司',
              pendingRequests: 2,
            }),
          ],
        }),
    });
    render(<MyEnterprisesPage />);
    const rows = await screen.findAllByTestId('membership');
    expect(rows[0]).toHaveTextContent('待核验');
    expect(rows[0]).toHaveTextContent('请上传营业执照照片');
    expect(within(rows[0]).getByText('上传营业执照')).toBeInTheDocument();
    expect(within(rows[1]).getByTestId('pending-requests')).toHaveTextContent('2 人待审核');
  });

  it('a member who is not admin sees no approve or remove buttons', async () => {
    setRouterParams({ id: ENTERPRISE_ID });
    routeApi({
      [`GET /api/enterprises/${ENTERPRISE_ID}/cases`]: () =>
        ok({ items: [], total: 0, page: 1, pageSize: 20 }),
      [`GET /api/enterprises/${ENTERPRISE_ID}`]: () =>
        ok({
          id: ENTERPRISE_ID,
          creditCode: VALID_CREDIT_CODE,
          name: '鸡西市示例商贸有限公司',
          verified: true,
          members: [
            { userId: PENDING_ID, role: 'member', status: 'pending', requestedAt: '2026-01-03T02:00:00Z' },
            {
              userId: 'dddddddddddddddddddddddd',
              role: 'admin',
              status: 'active',
              requestedAt: '2026-01-03T02:00:00Z',
            },
          ],
        }),
      'GET /api/enterprises/mine': () => ok({ items: [membership({ role: 'member' })] }),
    });
    render(<EnterpriseDetailPage />);
    await screen.findByText('成员（1）');
    expect(screen.queryByText('待审核（1）')).not.toBeInTheDocument();
    expect(screen.queryByText('通过')).not.toBeInTheDocument();
    expect(screen.queryByText('移除')).not.toBeInTheDocument();
    expect(screen.getByText('暂无办件')).toBeInTheDocument();
  });
});
