import { fireEvent, render, screen } from '@testing-library/react';
import HomePage from '../../src/pages/home/index';
import { navigateTo, request } from '../stubs/taro';
import { fail, ok, stats, summary, themes } from '../fixtures/catalog';
import { routeRequests } from '../fixtures/request';

describe('首页', () => {
  it('shows the reform figure, the theme tiles and popular items', async () => {
    routeRequests([
      ['/api/stats/reform', () => ok(stats)],
      ['/api/themes', () => ok({ items: themes })],
      ['/api/items', () => ok({ items: [summary()], total: 1, page: 1, pageSize: 10 })],
    ]);
    render(<HomePage />);

    expect(await screen.findByText('73%')).toBeInTheDocument();
    expect(screen.getByText('目标 70%')).toBeInTheDocument();
    expect(screen.getByText('已达标')).toBeInTheDocument();
    // the parts read as parts of the whole: 零跑腿 is inside 最多跑一次, not beside it
    expect(screen.getByText(/最多跑一次（≤1 次）\d+ 项，含零跑腿 \d+ 项/)).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '73');
    expect(await screen.findByText('我要开餐馆')).toBeInTheDocument();
    expect(screen.getByText('生育登记')).toBeInTheDocument();
    expect(await screen.findByText('企业设立登记')).toBeInTheDocument();
    expect(
      request.mock.calls.some(([o]) => (o as { url: string }).url.endsWith('/api/items?pageSize=10')),
    ).toBe(true);

    fireEvent.click(screen.getByText('我要开餐馆'));
    expect(navigateTo).toHaveBeenCalledWith({
      url: `/packages/catalog/search/index?theme=kaidian&title=${encodeURIComponent('我要开餐馆')}`,
    });
  });

  it('searches from the search box', async () => {
    routeRequests([
      ['/api/stats/reform', () => ok(stats)],
      ['/api/themes', () => ok({ items: themes })],
      ['/api/items', () => ok({ items: [], total: 0, page: 1, pageSize: 10 })],
    ]);
    render(<HomePage />);
    await screen.findByText('暂无已公布的事项');
    const input = screen.getByPlaceholderText('搜索办事事项，如：营业执照');
    fireEvent.change(input, { target: { value: '营业执照' } });
    fireEvent.click(screen.getByText('搜索'));
    expect(navigateTo).toHaveBeenCalledWith({
      url: `/packages/catalog/search/index?q=${encodeURIComponent('营业执照')}`,
    });
  });

  it('opens 常见问题 (the public FAQ search) beside 我要咨询', async () => {
    routeRequests([
      ['/api/stats/reform', () => ok(stats)],
      ['/api/themes', () => ok({ items: themes })],
      ['/api/items', () => ok({ items: [], total: 0, page: 1, pageSize: 10 })],
    ]);
    render(<HomePage />);
    await screen.findByText('暂无已公布的事项');
    fireEvent.click(screen.getByTestId('home-faq'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/consultations/faq-search/index' });
  });

  it('shows an error per section with 重试 that reloads', async () => {
    let statsCalls = 0;
    routeRequests([
      [
        '/api/stats/reform',
        () => {
          statsCalls += 1;
          return statsCalls === 1
            ? fail(503, { error: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' } })
            : ok(stats);
        },
      ],
      ['/api/themes', () => ok({ items: [] })],
      ['/api/items', () => ok({ items: [], total: 0, page: 1, pageSize: 10 })],
    ]);
    render(<HomePage />);

    expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeInTheDocument();
    expect(await screen.findByText('暂无办事主题')).toBeInTheDocument();
    expect(screen.getByText('暂无已公布的事项')).toBeInTheDocument();

    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('73%')).toBeInTheDocument();
  });
});
