// Page and client tests in jsdom. Taro's own test utils do not support Taro 4, so @tarojs/taro,
// @tarojs/components and NutUI are replaced by small stubs (test/stubs) that render plain DOM.
const jestBase = require('../jest.base.js');

module.exports = jestBase('miniapp', {
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.tsx'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/stubs/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/stubs/components.tsx',
    '^@nutui/nutui-react-taro$': '<rootDir>/test/stubs/nutui.tsx',
    '\\.(css|scss)$': '<rootDir>/test/stubs/style.ts',
    '^@nutui/.+/style/css$': '<rootDir>/test/stubs/style.ts',
    '\\.(png|jpe?g|gif|svg)$': '<rootDir>/test/stubs/file.ts',
    '^@app/shared$': '<rootDir>/../shared/src/index.ts',
    // 督查 charts: records the series each chart is given
    '^@qiun/ucharts$': '<rootDir>/test/stubs/ucharts.ts',
  },
});
