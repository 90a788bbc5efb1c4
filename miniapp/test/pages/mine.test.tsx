import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import MinePage from '../../src/pages/mine/index';
import { resetSessionHooks } from '../../src/services/auth';
import { REAL_NAME_ROUTE, STAFF_LOGIN_ROUTE } from '../../src/utils/routes';
import { navigateTo, showModal } from '../stubs/taro';
import { ENTERPRISE_ID, VALID_ID, me, ok, routeApi, sessionResponse, verifiedMe } from '../fixtures/identity';

describe('我的', () => {
  beforeEach(() => resetSessionHooks());

  it('logs in silently and shows the masked profile; full values only on request', async () => {
    const sent = routeApi({
      'POST /api/auth/wechat': () => ok(sessionResponse(1)),
      'GET /api/me': () =>
        ok(
          verifiedMe({
            role: 'enterprise',
            enterprises: [
              {
                enterpriseId: ENTERPRISE_ID,
                creditCode: '91230300MA1B2C3D4X',
                enterpriseName: '鸡西市示例商贸有限公司',
                role: 'admin',
                status: 'active',
              },
            ],
          }),
        ),
    });
    render(<MinePage />);

    const card = await screen.findByTestId('real-name-card');
    expect(screen.getByText('您好，张*丰')).toBeInTheDocument();
    expect(card).toHaveTextContent('张*丰');
    expect(card).toHaveTextContent(`${VALID_ID.slice(0, 4)}**********${VALID_ID.slice(-4)}`);
    expect(card).toHaveTextContent('138****5678');
    expect(card).not.toHaveTextContent(VALID_ID);
    expect(card).not.toHaveTextContent('13812345678');
    expect(screen.getByText('企业用户')).toBeInTheDocument();
    expect(screen.getByText('鸡西市示例商贸有限公司')).toBeInTheDocument();
    expect(screen.getByText('管理员 · 已绑定')).toBeInTheDocument();
    expect(sent.map((r) => r.path)).toEqual(['/api/auth/wechat', '/api/me']);

    fireEvent.click(screen.getByText('显示完整信息'));
    expect(card).toHaveTextContent(VALID_ID);
    expect(card).toHaveTextContent('13812345678');
    fireEvent.click(screen.getByText('隐藏完整信息'));
    expect(card).not.toHaveTextContent(VALID_ID);
  });

  it('not verified: a link to the real-name form; the staff entry opens staff login', async () => {
    routeApi({
      'POST /api/auth/wechat': () => ok(sessionResponse(1)),
      'GET /api/me': () => ok(me()),
    });
    render(<MinePage />);
    fireEvent.click(await screen.findByText('去实名认证'));
    expect(navigateTo).toHaveBeenCalledWith({ url: REAL_NAME_ROUTE });
    fireEvent.click(screen.getByText('工作人员入口'));
    expect(navigateTo).toHaveBeenCalledWith({ url: STAFF_LOGIN_ROUTE });
  });

  it('shows the login error with 重试', async () => {
    let attempts = 0;
    routeApi({
      'POST /api/auth/wechat': () =>
        ++attempts === 1 ? Promise.reject({ errMsg: 'request:fail' }) : ok(sessionResponse(1)),
      'GET /api/me': () => ok(me()),
    });
    render(<MinePage />);
    expect(await screen.findByText('网络异常，请检查网络后重试')).toBeInTheDocument();
    // the staff entry stays reachable without a citizen session
    expect(screen.getByText('工作人员入口')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('去实名认证')).toBeInTheDocument();
  });

  it('asks before logging out; cancel sends nothing, confirm logs out', async () => {
    const sent = routeApi({
      'POST /api/auth/wechat': () => ok(sessionResponse(1)),
      'GET /api/me': () => ok(verifiedMe()),
      'POST /api/auth/logout': () => ok({ ok: true }),
    });
    render(<MinePage />);
    await screen.findByTestId('real-name-card');

    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    fireEvent.click(screen.getByText('退出登录'));
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '退出登录' }));
    expect(sent.some((r) => r.path === '/api/auth/logout')).toBe(false);

    fireEvent.click(screen.getByText('退出登录'));
    expect(await screen.findByText('您已退出登录')).toBeInTheDocument();
    const logoutCall = sent.find((r) => r.path === '/api/auth/logout');
    expect(logoutCall?.header.Authorization).toBe('Bearer access-token-1');
    expect(screen.queryByTestId('real-name-card')).not.toBeInTheDocument();

    // 登录 again: a fresh silent login
    fireEvent.click(screen.getByText('微信一键登录'));
    expect(await screen.findByTestId('real-name-card')).toBeInTheDocument();
    expect(sent.filter((r) => r.path === '/api/auth/wechat')).toHaveLength(2);
  });
});
