import { fireEvent, render, screen, within } from '@testing-library/react';
import GuidePage from '../../src/packages/catalog/guide/index';
import { makePhoneCall, setNavigationBarTitle, setRouterParams } from '../stubs/taro';
import { detail, fail, halls, ok } from '../fixtures/catalog';
import { routeRequests } from '../fixtures/request';

describe('办事指南 (一次性告知)', () => {
  it('renders the whole guide: materials with badges, limits, steps, fees, halls and phone', async () => {
    setRouterParams({ code: 'JX-BDC-0001' });
    routeRequests([
      ['/api/items/JX-BDC-0001', () => ok(detail())],
      ['/api/halls', () => ok({ items: halls })],
    ]);
    render(<GuidePage />);

    expect(await screen.findByText('不动产转移登记')).toBeInTheDocument();
    expect(setNavigationBarTitle).toHaveBeenCalledWith({ title: '不动产转移登记' });
    expect(screen.getByText('最多跑2次')).toBeInTheDocument();
    expect(screen.getByText('需跑动 2 次的原因：需现场核验原件并领取不动产权证书')).toBeInTheDocument();

    const materials = screen.getAllByTestId('material');
    expect(materials).toHaveLength(4);
    expect(within(materials[0]).getByText('不动产登记申请书')).toBeInTheDocument();
    expect(within(materials[0]).getByText('必须提交')).toBeInTheDocument();
    expect(within(materials[0]).getByText('原件 · 1 份')).toBeInTheDocument();
    expect(within(materials[1]).getByText('容缺')).toBeInTheDocument();
    expect(within(materials[1]).getByText('可容缺后补')).toBeInTheDocument();
    expect(within(materials[2]).getByText('免提交')).toBeInTheDocument();
    expect(within(materials[3]).getByText('已取消')).toBeInTheDocument();
    expect(materials[3]).toHaveClass('material--cancelled'); // struck through by the stylesheet
    expect(screen.getByText('已准备 0 / 2 项（点击勾选）')).toBeInTheDocument();
    fireEvent.click(materials[0]);
    expect(screen.getByText('已准备 1 / 2 项（点击勾选）')).toBeInTheDocument();

    expect(screen.getByText('1. 申请人为不动产权利人')).toBeInTheDocument();
    expect(screen.getByText('5 个工作日')).toBeInTheDocument();
    expect(screen.getByText('30 个工作日')).toBeInTheDocument();
    expect(screen.getByText('窗口提交材料')).toBeInTheDocument();
    expect(screen.getByText('发证')).toBeInTheDocument();
    expect(screen.getByText('住宅 80 元/件')).toBeInTheDocument();
    expect(screen.getByText('《不动产登记暂行条例》')).toBeInTheDocument();

    expect(await screen.findByText('市政务服务中心')).toBeInTheDocument();
    expect(screen.getByText('地址：鸡西市鸡冠区文化路 1 号')).toBeInTheDocument();
    expect(screen.getByText('窗口：综合受理窗口 1 号')).toBeInTheDocument();

    fireEvent.click(screen.getByText('0467-12345'));
    expect(makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0467-12345' });

    // 预约办理 and 咨询 come in later issues: no entries for them yet.
    expect(screen.queryByText(/预约/)).not.toBeInTheDocument();
    expect(screen.queryByText(/在线咨询|我要咨询/)).not.toBeInTheDocument();
  });

  it('shows 零跑腿 and no reason for a fully online item', async () => {
    setRouterParams({ code: 'JX-BDC-0001' });
    routeRequests([
      [
        '/api/items/JX-BDC-0001',
        () => ok(detail({ maxTrips: 0, tripsReason: undefined, onlineCapable: true })),
      ],
      ['/api/halls', () => ok({ items: halls })],
    ]);
    render(<GuidePage />);
    expect(await screen.findByText('零跑腿')).toBeInTheDocument();
    expect(screen.getByText('可网办')).toBeInTheDocument();
    expect(screen.queryByText(/需跑动/)).not.toBeInTheDocument();
  });

  it('shows the not-found message from the envelope', async () => {
    setRouterParams({ code: 'NOPE-404' });
    routeRequests([
      [
        '/api/items/NOPE-404',
        () => fail(404, { error: { code: 'ITEM_NOT_FOUND', message: '未找到该服务事项' } }),
      ],
      ['/api/halls', () => ok({ items: halls })],
    ]);
    render(<GuidePage />);
    expect(await screen.findByText('未找到该服务事项')).toBeInTheDocument();
    expect(screen.getByText('重试')).toBeInTheDocument();
    expect(screen.getByText('返回办事列表')).toBeInTheDocument();
  });

  it('asks for a code when opened without one', async () => {
    setRouterParams({});
    routeRequests([['/api/halls', () => ok({ items: halls })]]);
    render(<GuidePage />);
    expect(await screen.findByText('缺少事项编码，请从事项列表进入')).toBeInTheDocument();
  });

  it('shows the item’s 俗称 under its name, and nothing when it has none', async () => {
    setRouterParams({ code: 'JX-BDC-0001' });
    routeRequests([
      ['/api/items/JX-BDC-0001', () => ok(detail({ aliases: ['房产证过户', '过户'] }))],
      ['/api/halls', () => ok({ items: halls })],
    ]);
    const { unmount } = render(<GuidePage />);
    expect(await screen.findByText('俗称：房产证过户、过户')).toBeInTheDocument();
    unmount();
    routeRequests([
      ['/api/items/JX-BDC-0001', () => ok(detail())],
      ['/api/halls', () => ok({ items: halls })],
    ]);
    render(<GuidePage />);
    await screen.findByText('不动产转移登记');
    expect(screen.queryByText(/俗称/)).not.toBeInTheDocument();
  });
});
