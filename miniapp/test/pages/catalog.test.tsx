import { act, fireEvent, render, screen } from '@testing-library/react';
import CatalogPage from '../../src/pages/catalog/index';
import { navigateTo, request, triggerReachBottom } from '../stubs/taro';
import { fail, ok, summary, themes } from '../fixtures/catalog';
import { requestedUrls, routeRequests } from '../fixtures/request';

const departments = [
  {
    code: 'BDC',
    name: '市不动产登记中心',
    itemCount: 8,
    pinyin: 'shi bu dong chan deng ji zhong xin',
    initials: 'sbdcdjzx',
  },
  {
    code: 'SCJG',
    name: '市市场监督管理局',
    itemCount: 12,
    pinyin: 'shi shi chang jian du guan li ju',
    initials: 'sscjdglj',
  },
];

function categoryRoutes(): Array<[string, () => Promise<unknown>]> {
  return [
    ['/api/departments', () => ok({ items: departments })],
    ['/api/themes', () => ok({ items: themes })],
  ];
}

describe('办事 department chips', () => {
  it('are searchable by name, pinyin or initials', async () => {
    routeRequests([
      ...categoryRoutes(),
      [
        '/api/items',
        () => ok({ items: [summary({ departmentName: '市公安局' })], total: 1, page: 1, pageSize: 20 }),
      ],
    ]);
    render(<CatalogPage />);
    const filter = await screen.findByLabelText('找部门');
    expect(screen.getByText('市市场监督管理局')).toBeInTheDocument();
    for (const typed of ['不动产', 'budongchan', 'sbdc']) {
      fireEvent.change(filter, { target: { value: typed } });
      expect(screen.getByText('市不动产登记中心')).toBeInTheDocument();
      expect(screen.queryByText('市市场监督管理局')).not.toBeInTheDocument();
    }
    fireEvent.change(filter, { target: { value: '' } });
    expect(screen.getByText('市市场监督管理局')).toBeInTheDocument();
  });
});

describe('办事 list', () => {
  it('renders rows with department, trips badge and promised days', async () => {
    routeRequests([
      ...categoryRoutes(),
      [
        '/api/items',
        () =>
          ok({
            items: [
              summary(),
              summary({
                code: 'JX-BDC-0002',
                name: '不动产抵押登记',
                departmentName: '市不动产登记中心',
                maxTrips: 1,
                onlineCapable: false,
                promisedLimitDays: 5,
              }),
              summary({
                code: 'JX-GT-0003',
                name: '建设用地规划许可',
                departmentName: '市自然资源局',
                maxTrips: 2,
                promisedLimitDays: 0,
              }),
            ],
            total: 3,
            page: 1,
            pageSize: 20,
          }),
      ],
    ]);
    render(<CatalogPage />);

    expect(await screen.findByText('企业设立登记')).toBeInTheDocument();
    expect(screen.getAllByTestId('item-row')).toHaveLength(3);
    const badges = screen.getAllByText(/跑/, { selector: '.trips-badge' }).map((b) => b.textContent);
    expect(badges).toEqual(['零跑腿', '最多跑一次', '最多跑2次']);
    expect(screen.getByText('承诺时限 5 个工作日')).toBeInTheDocument();
    expect(screen.getByText('承诺时限 即办')).toBeInTheDocument();
    expect(screen.getByText('共 3 项')).toBeInTheDocument();
    expect(screen.getByText('没有更多了')).toBeInTheDocument();
    expect(await screen.findByText('市市场监督管理局', { selector: '.chip span' })).toBeInTheDocument();

    fireEvent.click(screen.getByText('不动产抵押登记'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/catalog/guide/index?code=JX-BDC-0002' });
  });

  it('shows the empty state', async () => {
    routeRequests([
      ...categoryRoutes(),
      ['/api/items', () => ok({ items: [], total: 0, page: 1, pageSize: 20 })],
    ]);
    render(<CatalogPage />);
    expect(await screen.findByText('没有符合条件的事项')).toBeInTheDocument();
  });

  it('shows the error envelope message and retries', async () => {
    let calls = 0;
    routeRequests([
      ...categoryRoutes(),
      [
        '/api/items',
        () => {
          calls += 1;
          return calls === 1
            ? fail(400, { error: { code: 'VALIDATION_FAILED', message: '搜索词最多 50 个字' } })
            : ok({ items: [summary()], total: 1, page: 1, pageSize: 20 });
        },
      ],
    ]);
    render(<CatalogPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('搜索词最多 50 个字');
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('企业设立登记')).toBeInTheDocument();
  });

  it('filters by department, trips and online, and searches', async () => {
    routeRequests([
      ...categoryRoutes(),
      ['/api/items', () => ok({ items: [summary()], total: 1, page: 1, pageSize: 20 })],
    ]);
    render(<CatalogPage />);
    await screen.findByText('企业设立登记');

    fireEvent.click(await screen.findByText('市不动产登记中心', { selector: '.chip span' }));
    await screen.findByText('企业设立登记');
    fireEvent.click(screen.getByText('零跑腿', { selector: '.chip span' }));
    await screen.findByText('企业设立登记');
    fireEvent.click(screen.getByText('可网办', { selector: '.chip span' }));
    await screen.findByText('企业设立登记');
    fireEvent.change(screen.getByPlaceholderText('搜索事项名称，如：营业执照'), {
      target: { value: '登记' },
    });
    fireEvent.click(screen.getByText('搜索'));
    await screen.findByText('企业设立登记');

    const itemUrls = requestedUrls().filter((u) => u.includes('/api/items'));
    expect(itemUrls[itemUrls.length - 1]).toBe(
      `http://127.0.0.1:3000/api/items?q=${encodeURIComponent('登记')}&department=BDC&maxTrips=0&online=true&page=1&pageSize=20`,
    );
  });

  it('loads the next page on reach bottom', async () => {
    routeRequests([
      ...categoryRoutes(),
      [
        '/api/items',
        (url) =>
          url.includes('page=2')
            ? ok({
                items: [summary({ code: 'P2-0001', name: '第二页事项' })],
                total: 21,
                page: 2,
                pageSize: 20,
              })
            : ok({
                items: Array.from({ length: 20 }, (_, i) =>
                  summary({ code: `P1-${String(i).padStart(4, '0')}`, name: `事项${i}` }),
                ),
                total: 21,
                page: 1,
                pageSize: 20,
              }),
      ],
    ]);
    render(<CatalogPage />);
    expect(await screen.findByText('事项0')).toBeInTheDocument();
    expect(screen.getByText('加载更多')).toBeInTheDocument();

    await act(async () => {
      triggerReachBottom();
    });
    expect(await screen.findByText('第二页事项')).toBeInTheDocument();
    expect(screen.getAllByTestId('item-row')).toHaveLength(21);
    expect(screen.getByText('没有更多了')).toBeInTheDocument();
    expect(request.mock.calls.filter(([o]) => (o as { url: string }).url.includes('page=2'))).toHaveLength(1);
  });
});
