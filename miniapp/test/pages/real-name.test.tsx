import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import RealNamePage from '../../src/packages/users/real-name/index';
import { resetSessionHooks } from '../../src/services/auth';
import { navigateBack, showToast } from '../stubs/taro';
import {
  BAD_CHECK_ID,
  VALID_ID,
  apiError,
  me,
  ok,
  routeApi,
  storeSession,
  verifiedMe,
} from '../fixtures/identity';

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('实名信息 form', () => {
  beforeEach(() => {
    resetSessionHooks();
    storeSession(1);
  });

  it('checks ID number (GB 11643 check digit) and phone with the shared validators, sends nothing', async () => {
    const sent = routeApi({ 'GET /api/me': () => ok(me()) });
    render(<RealNamePage />);
    await screen.findByLabelText('姓名');

    fireEvent.click(screen.getByText('提交实名信息'));
    expect(screen.getByTestId('error-name')).toHaveTextContent('请输入姓名');
    expect(screen.getByTestId('error-idNumber')).toHaveTextContent('身份证号应为 18 位（最后一位可为 X）');
    expect(screen.getByTestId('error-phone')).toHaveTextContent('请输入 11 位大陆手机号码');

    fill('姓名', '张三');
    fill('身份证号', BAD_CHECK_ID);
    fill('手机号', '12812345678');
    fireEvent.click(screen.getByText('提交实名信息'));
    expect(screen.queryByTestId('error-name')).not.toBeInTheDocument();
    expect(screen.getByTestId('error-idNumber')).toHaveTextContent('身份证号校验位不正确，请核对');
    expect(screen.getByTestId('error-phone')).toHaveTextContent('请输入 11 位大陆手机号码');

    // on blur too
    fill('身份证号', '230302199002301610');
    fireEvent.blur(screen.getByLabelText('身份证号'));
    expect(screen.getByTestId('error-idNumber')).toHaveTextContent('身份证号中的出生日期无效');

    expect(sent.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('submits a valid form (lower-case x normalised), disabled while sending, then goes back', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent = routeApi({
      'GET /api/me': () => ok(me()),
      'PUT /api/me/profile': async () => {
        await gate;
        return ok(verifiedMe());
      },
    });
    render(<RealNamePage />);
    await screen.findByLabelText('姓名');
    fill('姓名', ' 张三丰 ');
    fill('身份证号', VALID_ID.toLowerCase());
    fill('手机号', '13812345678');
    fireEvent.click(screen.getByText('提交实名信息'));

    const button = await screen.findByText('正在提交…');
    expect(button).toBeDisabled();
    fireEvent.click(button);
    release();
    await waitFor(() =>
      expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '实名信息已保存' })),
    );
    const puts = sent.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0].data).toEqual({ name: '张三丰', idNumber: VALID_ID.toUpperCase(), phone: '13812345678' });
    await act(() => new Promise((r) => setTimeout(r, 700)));
    expect(navigateBack).toHaveBeenCalled();
  });

  it('shows the server field errors under their inputs', async () => {
    routeApi({
      'GET /api/me': () => ok(verifiedMe()),
      'PUT /api/me/profile': () =>
        apiError('VALIDATION_FAILED', {
          details: { fields: [{ path: 'body.idNumber', message: '该身份证号已被其他账号实名' }] },
        }),
    });
    render(<RealNamePage />);
    // the owner's own form is filled with the full values GET /api/me returns
    expect(await screen.findByLabelText('身份证号')).toHaveValue(VALID_ID);
    fireEvent.click(screen.getByText('提交实名信息'));
    expect(await screen.findByTestId('error-idNumber')).toHaveTextContent('该身份证号已被其他账号实名');
    expect(screen.getByTestId('form-error')).toHaveTextContent('提交的信息有误，请检查后重试');
    expect(screen.getByText('提交实名信息')).not.toBeDisabled();
  });

  it('shows a load error with 重试', async () => {
    let n = 0;
    routeApi({ 'GET /api/me': () => (++n === 1 ? apiError('INTERNAL') : ok(me())) });
    render(<RealNamePage />);
    expect(await screen.findByText('系统繁忙，请稍后再试')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByLabelText('姓名')).toBeInTheDocument();
  });
});
