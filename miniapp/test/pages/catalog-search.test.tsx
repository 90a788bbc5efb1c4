import { fireEvent, render, screen } from '@testing-library/react';
import SearchPage from '../../src/packages/catalog/search/index';
import { setNavigationBarTitle, setRouterParams } from '../stubs/taro';
import { ok, summary, themes } from '../fixtures/catalog';
import { requestedUrls, routeRequests } from '../fixtures/request';

const licence = summary({ code: 'JX-SCJG-0001', name: '有限责任公司设立登记' });
const passport = summary({ code: 'JX-GA-0001', name: '普通护照签发', departmentName: '市公安局' });

/** What the BFF answers: 营业执找 finds nothing and shows 营业执照's results with the suggestion. */
function searchRoutes() {
  routeRequests([
    ['/api/departments', () => ok({ items: [] })],
    ['/api/themes', () => ok({ items: themes })],
    [
      '/api/items',
      (url) => {
        const q = new URL(url).searchParams.get('q');
        if (q === '营业执找')
          return ok({
            items: [licence],
            total: 1,
            page: 1,
            pageSize: 20,
            didYouMean: '营业执照',
            showingSuggestion: true,
          });
        if (q === '护找')
          return ok({ items: [passport], total: 1, page: 1, pageSize: 20, didYouMean: '护照' });
        if (q === '护照') return ok({ items: [passport], total: 1, page: 1, pageSize: 20 });
        return ok({ items: [licence], total: 1, page: 1, pageSize: 20 });
      },
    ],
  ]);
}

const lastTitle = () => (setNavigationBarTitle.mock.calls.at(-1) as unknown as [{ title: string }])[0].title;
const lastQuery = () => {
  const urls = requestedUrls().filter((u) => u.includes('/api/items'));
  return new URL(urls[urls.length - 1]).searchParams.get('q');
};

describe('搜索结果页', () => {
  it('its title follows the search shown, not only the one it was opened with', async () => {
    setRouterParams({ q: encodeURIComponent('营业执照') });
    searchRoutes();
    render(<SearchPage />);
    await screen.findByText('有限责任公司设立登记');
    expect(lastTitle()).toBe('搜索：营业执照');

    fireEvent.change(screen.getByPlaceholderText('搜索事项名称，如：营业执照'), {
      target: { value: '护照' },
    });
    fireEvent.click(screen.getByText('搜索'));
    await screen.findByText('普通护照签发');
    expect(lastTitle()).toBe('搜索：护照');
    expect(lastQuery()).toBe('护照');
  });

  it('您是不是要找: shown when the BFF suggests a spelling; tapping it searches that', async () => {
    setRouterParams({ q: encodeURIComponent('营业执找') });
    searchRoutes();
    render(<SearchPage />);
    await screen.findByText('有限责任公司设立登记');
    expect(screen.getByText('没有找到“营业执找”，以下为近似结果')).toBeInTheDocument();
    expect(screen.getByText('您是不是要找')).toBeInTheDocument();

    fireEvent.click(screen.getByText('营业执照', { selector: '.catalog-browser__suggest-link' }));
    await screen.findByText('有限责任公司设立登记');
    expect(lastQuery()).toBe('营业执照');
    expect(lastTitle()).toBe('搜索：营业执照');
    expect(screen.queryByText('您是不是要找')).not.toBeInTheDocument();
    expect(screen.getByPlaceholderText('搜索事项名称，如：营业执照')).toHaveValue('营业执照');
  });

  it('a suggestion beside results that were found keeps them, without the 没有找到 note', async () => {
    setRouterParams({ q: encodeURIComponent('护找') });
    searchRoutes();
    render(<SearchPage />);
    await screen.findByText('普通护照签发');
    expect(screen.queryByText(/没有找到/)).not.toBeInTheDocument();
    fireEvent.click(screen.getByText('护照', { selector: '.catalog-browser__suggest-link' }));
    await screen.findByText('普通护照签发');
    expect(lastQuery()).toBe('护照');
    expect(lastTitle()).toBe('搜索：护照');
  });
});
