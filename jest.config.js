// One Jest run over every workspace; each workspace keeps its own jest.config.js beside its code.
module.exports = {
  projects: [
    '<rootDir>/shared',
    '<rootDir>/packages/mongo-embedded',
    '<rootDir>/packages/wechat-fake',
    '<rootDir>/bff',
    '<rootDir>/miniapp',
    '<rootDir>/tests/e2e',
    '<rootDir>/tests/weapp',
  ],
};
