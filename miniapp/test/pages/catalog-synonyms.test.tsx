import { fireEvent, render, screen, within } from '@testing-library/react';
import type { Synonym } from '@app/shared';
import SynonymsPage from '../../src/packages/catalog/synonyms/index';
import { request, showModal } from '../stubs/taro';
import { fail, ok } from '../fixtures/catalog';
import { routeRequests } from '../fixtures/request';

const licence: Synonym = {
  id: '64b000000000000000000001',
  term: '营业执照',
  expansions: ['设立登记'],
  updatedAt: '2026-10-01T02:00:00.000Z',
};

/** A tiny in-memory table behind the routes, so the page's list reflects each write. */
function table(initial: Synonym[]) {
  let rows = [...initial];
  routeRequests([
    [
      '/api/admin/synonyms',
      (url) => {
        const call = request.mock.calls.at(-1)![0] as { method?: string; data?: Omit<Synonym, 'id'> };
        const id = url.split('/api/admin/synonyms/')[1];
        if (call.method === 'POST') {
          if (rows.some((r) => r.term === call.data!.term))
            return fail(409, {
              error: { code: 'SYNONYM_EXISTS', message: '该词语已有同义词设置，请直接修改' },
            });
          const row = { ...licence, ...call.data!, id: `64b00000000000000000000${rows.length + 2}` };
          rows.push(row);
          return ok(row);
        }
        if (call.method === 'PUT') {
          rows = rows.map((r) => (r.id === id ? { ...r, ...call.data! } : r));
          return ok(rows.find((r) => r.id === id));
        }
        if (call.method === 'DELETE') {
          const gone = rows.find((r) => r.id === id);
          rows = rows.filter((r) => r.id !== id);
          return ok(gone);
        }
        return ok({ items: rows });
      },
    ],
  ]);
}

describe('搜索同义词 (admin)', () => {
  it('lists, adds (words split on 顿号), edits and deletes', async () => {
    table([licence]);
    render(<SynonymsPage />);
    expect(await screen.findByText('营业执照')).toBeInTheDocument();
    expect(screen.getByText('设立登记')).toBeInTheDocument();

    fireEvent.change(screen.getByPlaceholderText('群众常说的词，如 营业执照'), {
      target: { value: '房产证' },
    });
    fireEvent.change(screen.getByPlaceholderText('目录中的说法，多个用顿号分隔，如 设立登记'), {
      target: { value: '不动产权证书、不动产登记' },
    });
    fireEvent.click(screen.getByText('添加'));
    expect(await screen.findByText('不动产权证书、不动产登记')).toBeInTheDocument();
    const posted = request.mock.calls.find(([o]) => (o as { method?: string }).method === 'POST')![0] as {
      data: unknown;
    };
    expect(posted.data).toEqual({ term: '房产证', expansions: ['不动产权证书', '不动产登记'] });

    const row = screen.getAllByTestId('synonym').find((r) => within(r).queryByText('房产证'))!;
    fireEvent.click(within(row).getByText('修改'));
    expect(screen.getByText('修改“房产证”')).toBeInTheDocument();
    fireEvent.change(screen.getByPlaceholderText('目录中的说法，多个用顿号分隔，如 设立登记'), {
      target: { value: '不动产权证书' },
    });
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('不动产权证书')).toBeInTheDocument();

    fireEvent.click(within(screen.getAllByTestId('synonym')[0]).getByText('删除'));
    expect(await screen.findByText('共 1 条')).toBeInTheDocument();
    expect(showModal).toHaveBeenCalledWith(
      expect.objectContaining({ confirmText: '删除', cancelText: '再想想' }),
    );
  });

  it('checks the form before sending, and shows the BFF refusal next to it', async () => {
    table([licence]);
    render(<SynonymsPage />);
    await screen.findByText('营业执照');
    const before = request.mock.calls.length;
    fireEvent.click(screen.getByText('添加'));
    expect(await screen.findByText('词语不能为空')).toBeInTheDocument();
    expect(screen.getByText('请填写至少一个同义词')).toBeInTheDocument();
    expect(request.mock.calls.length).toBe(before);

    fireEvent.change(screen.getByPlaceholderText('群众常说的词，如 营业执照'), {
      target: { value: '营业执照' },
    });
    fireEvent.change(screen.getByPlaceholderText('目录中的说法，多个用顿号分隔，如 设立登记'), {
      target: { value: '设立登记' },
    });
    fireEvent.click(screen.getByText('添加'));
    expect(await screen.findByRole('alert')).toHaveTextContent('该词语已有同义词设置，请直接修改');
  });

  it('a person who is not an admin sees the refusal', async () => {
    routeRequests([
      [
        '/api/admin/synonyms',
        () => fail(403, { error: { code: 'FORBIDDEN', message: '没有权限进行此操作' } }),
      ],
    ]);
    render(<SynonymsPage />);
    expect(await screen.findByText(/没有权限进行此操作/)).toBeInTheDocument();
  });
});
