import '@testing-library/jest-dom';
import { cleanup } from '@testing-library/react';
import { resetTaroStub } from './stubs/taro';

afterEach(() => {
  cleanup();
  resetTaroStub();
});
